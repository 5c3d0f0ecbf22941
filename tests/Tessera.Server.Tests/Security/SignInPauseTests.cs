using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tessera.Core.Security;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Security;

/// <summary>
/// Password guessing through the sign-in form and the own-password change is paused after a few failures per user name
/// (<see cref="SignInThrottle"/>), and every refused sign-in leaves an audit entry. Each test uses a new user name, so the
/// pauses of one never reach another (the address limit, 30 failures, is far from the few this class makes).
/// </summary>
public sealed class SignInPauseTests(TesseraServerFixture server) : IClassFixture<TesseraServerFixture>
{
    private const string Password = "first-password-123";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(string Id, string Name)> CreateUserAsync()
    {
        using var admin = await server.AdminAsync();
        var name = $"pause-{Guid.NewGuid():N}"[..20];
        var created = await (await admin.PostAsJsonAsync("api/v1/users", new { userName = name, password = Password, role = "Analyst" }, Ct))
            .ExpectJsonAsync(HttpStatusCode.Created);
        return (created.GetProperty("id").GetString()!, name);
    }

    private async Task<string?> SignInAsync(string name, string password)
    {
        var (session, login) = await CookieSession.TrySignInAsync(server.BaseAddress, name, password);
        using (session)
        {
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
            return login.Headers.Location?.OriginalString;
        }
    }

    private async Task<List<JsonElement>> AuditAsync(string query)
    {
        using var admin = await server.AdminAsync();
        var page = await (await admin.GetAsync($"api/v1/audit?{query}&take=50", Ct)).ExpectJsonAsync(HttpStatusCode.OK);
        return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("event")).ToList();
    }

    [Fact]
    public async Task SignIn_FiveWrongPasswords_PauseTheNameSoEvenTheRightPasswordIsRefused()
    {
        var (id, name) = await CreateUserAsync();
        for (var i = 1; i < SignInThrottle.AccountFailures; i++)
        {
            Assert.Contains("failed=1", await SignInAsync(name, $"wrong-guess-{i}-xyz"));
        }

        Assert.Contains("failed=paused", await SignInAsync(name, "wrong-guess-5-xyz"));
        Assert.Contains("failed=paused", await SignInAsync(name, Password));
        Assert.Contains("failed=paused", await SignInAsync(name.ToUpperInvariant(), Password));

        // Each checked failure is audited on the user (the paused attempts were not checked, so not audited).
        var failures = await AuditAsync($"action=account.login.failed&entityId={id}");
        Assert.Equal(SignInThrottle.AccountFailures, failures.Count);
        Assert.All(failures, f => Assert.Equal(("System", "sign-in"),
            (f.GetProperty("actor").GetProperty("kind").GetString(), f.GetProperty("actor").GetProperty("name").GetString())));
        var last = JsonDocument.Parse(failures[0].GetProperty("afterJson").GetString()!).RootElement;
        Assert.Equal((name, "WrongPassword", "127.0.0.1"),
            (last.GetProperty("userName").GetString(), last.GetProperty("reason").GetString(), last.GetProperty("client").GetString()));
        Assert.Equal(JsonValueKind.String, last.GetProperty("pausedUntil").ValueKind);
        Assert.DoesNotContain("wrong-guess", string.Join("\n", failures.Select(f => f.GetRawText())), StringComparison.Ordinal);
        Assert.Empty(await AuditAsync($"action=account.login&entityId={id}"));
    }

    [Fact]
    public async Task SignIn_UnknownName_IsPausedAlikeAndAuditedWithoutAUser()
    {
        var name = $"nobody-{Guid.NewGuid():N}"[..20];
        for (var i = 1; i < SignInThrottle.AccountFailures; i++)
        {
            Assert.Contains("failed=1", await SignInAsync(name, Password));
        }

        Assert.Contains("failed=paused", await SignInAsync(name, Password));
        var failures = (await AuditAsync("action=account.login.failed"))
            .Where(f => f.GetProperty("afterJson").GetString()!.Contains(name, StringComparison.Ordinal)).ToList();
        Assert.Equal(SignInThrottle.AccountFailures, failures.Count);
        Assert.All(failures, f => Assert.Equal(JsonValueKind.Null, f.GetProperty("entityId").ValueKind));
        Assert.Contains("\"reason\":\"UnknownUser\"", failures[0].GetProperty("afterJson").GetString());
    }

    [Fact]
    public async Task SignIn_PausedName_FormSaysSignInsArePaused()
    {
        var html = await server.Anonymous().GetStringAsync("account/login?failed=paused", Ct);

        Assert.Contains("Too many failed sign-ins", html);
        Assert.DoesNotContain("Unknown user name or wrong password", html);
    }

    [Fact]
    public async Task ChangeOwnPassword_WrongCurrentPasswords_PauseChecksWith429AndPauseTheSignInToo()
    {
        var (id, name) = await CreateUserAsync();
        using var session = await CookieSession.SignInAsync(server.BaseAddress, name, Password);
        for (var i = 1; i <= SignInThrottle.AccountFailures; i++)
        {
            var wrong = await session.Client.PostAsJsonAsync("api/v1/me/password", new { currentPassword = $"wrong-{i}-abcdefgh", newPassword = "another-password-789" }, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }

        var paused = await (await session.Client.PostAsJsonAsync("api/v1/me/password", new { currentPassword = Password, newPassword = "another-password-789" }, Ct))
            .ExpectJsonAsync(HttpStatusCode.TooManyRequests);

        Assert.StartsWith("Too many wrong passwords for this user", paused.GetProperty("detail").GetString());
        Assert.Contains("failed=paused", await SignInAsync(name, Password));
        Assert.Equal(SignInThrottle.AccountFailures, (await AuditAsync($"action=user.password.change-failed&entityId={id}")).Count);
        Assert.Empty(await AuditAsync($"action=user.password.change&entityId={id}"));
        // The session itself stays signed in: the pause is on password checks, not on the cookie.
        Assert.Equal(HttpStatusCode.OK, (await session.Client.GetAsync("api/v1/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task SignIn_RightPasswordBeforeThePause_ClearsTheCount()
    {
        var (_, name) = await CreateUserAsync();
        for (var i = 1; i < SignInThrottle.AccountFailures; i++)
        {
            await SignInAsync(name, $"wrong-guess-{i}-xyz");
        }

        Assert.Equal("/", await SignInAsync(name, Password));
        for (var i = 1; i < SignInThrottle.AccountFailures; i++)
        {
            Assert.Contains("failed=1", await SignInAsync(name, $"wrong-guess-{i}-xyz"));
        }
    }
}
