using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Tessera.Core.Security;
using Tessera.Server.Hosting;
using Tessera.Server.Security;
using Tessera.Server.Tests.Infrastructure;
using Tessera.Tests.Shared;

namespace Tessera.Server.Tests.Security;

/// <summary>
/// An open page keeps the principal of the request that opened it; <see cref="CircuitUserRevalidation"/> checks it
/// against the stored user every interval (here on the test clock, which moves only when the test advances it).
/// </summary>
public sealed class CircuitUserRevalidationTests(TesseraServerFixture server) : IClassFixture<TesseraServerFixture>
{
    private const string Password = "circuit-password-123";
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The check runs on the thread pool after the test clock fires its timer; this bound only turns a provider that never
    // announces a change into a failure instead of a hang (a loaded CI machine answers in well under a second).
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private T Get<T>() where T : notnull => server.App.Services.GetRequiredService<T>();

    private async Task<User> CreateAsync(Role role) =>
        (await Get<UserAccountService>().CreateAsync(
            new NewUser { UserName = $"circuit-{Guid.NewGuid():N}"[..20], Password = Password, Role = role }, Ct)).Value!;

    /// <summary>A provider holding <paramref name="user"/>'s sign-in, and the next state it announces.</summary>
    private (CircuitUserRevalidation Provider, Task<AuthenticationState> Next, ManualClock Clock) Open(User user)
    {
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        var provider = new CircuitUserRevalidation(Get<SignedInUsers>(), Get<TesseraServerOptions>() with { CircuitRevalidation = Interval },
            clock, NullLogger<CircuitUserRevalidation>.Instance);
        provider.SetAuthenticationState(Task.FromResult(new AuthenticationState(TesseraClaims.For(user, "Cookies"))));
        var next = new TaskCompletionSource<AuthenticationState>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.AuthenticationStateChanged += async task => next.TrySetResult(await task);
        return (provider, next.Task, clock);
    }

    [Fact]
    public void Pages_GetTheirAuthenticationStateFromTheRevalidatingProvider()
    {
        // Without this registration Blazor's own provider keeps the first principal for the life of the circuit.
        using var scope = server.App.Services.CreateScope();

        Assert.IsType<CircuitUserRevalidation>(scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>());
    }

    [Fact]
    public async Task DisabledUser_OpenPage_IsSignedOutAtTheNextCheck()
    {
        var user = await CreateAsync(Role.Analyst);
        var (provider, next, clock) = Open(user);
        using (provider)
        {
            await Get<UserAccountService>().UpdateAsync(user.Id, new UserEdit { Disabled = true }, user.Version, Ct);

            clock.Advance(Interval);

            var state = await next.WaitAsync(Patience, Ct);
            Assert.False(state.User.Identity?.IsAuthenticated);
        }
    }

    [Fact]
    public async Task DemotedUser_OpenPage_FollowsTheStoredRole()
    {
        var user = await CreateAsync(Role.Admin);
        var (provider, next, clock) = Open(user);
        using (provider)
        {
            await Get<UserAccountService>().UpdateAsync(user.Id, new UserEdit { Role = Role.Viewer }, user.Version, Ct);

            clock.Advance(Interval);

            var state = await next.WaitAsync(Patience, Ct);
            Assert.True(state.User.Identity?.IsAuthenticated);
            Assert.Equal(Role.Viewer, state.User.Role());
            Assert.False(state.User.Has(Permission.ManageUsers));
        }
    }

    [Fact]
    public async Task PasswordResetByAdmin_OpenPage_IsSignedOutAtTheNextCheck()
    {
        var user = await CreateAsync(Role.Viewer);
        var (provider, next, clock) = Open(user);
        using (provider)
        {
            await Get<UserAccountService>().ResetPasswordAsync(user.Id, "another-password-456", Ct);

            clock.Advance(Interval);

            Assert.False((await next.WaitAsync(Patience, Ct)).User.Identity?.IsAuthenticated);
        }
    }
}
