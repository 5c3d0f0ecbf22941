using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Logging;
using Tessera.Server.Hosting;

namespace Tessera.Server.Security;

/// <summary>
/// The authentication state of Blazor pages. A circuit takes the principal of the request that opened it and keeps it
/// for as long as the tab stays open, so on its own a disabled or demoted user would keep their pages (and the roles
/// they check) until they reload. Every <see cref="TesseraServerOptions.CircuitRevalidation"/> this reads the user again
/// (<see cref="SignedInUsers"/>): gone, disabled or a new password sign the circuit out (the page then reloads, and the
/// browser's cookie decides: a refused one gets the sign-in form, a newer valid one the page); a changed role or name
/// replaces the principal, so menus and
/// page authorization follow at once. Writes do not rely on this: <see cref="CircuitUserCheck"/> reloads a page whose user
/// changed before it handles any event, and user writes check the stored role when they happen.
/// </summary>
public sealed class CircuitUserRevalidation : ServerAuthenticationStateProvider, IDisposable
{
    private readonly SignedInUsers _users;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger<CircuitUserRevalidation> _log;
    private readonly Lock _gate = new();
    private CancellationTokenSource? _loop;
    private bool _disposed;

    /// <summary>The principal the circuit started with (the request that opened the page), before any revalidation.</summary>
    public ClaimsPrincipal? OpenedAs { get; private set; }

    public CircuitUserRevalidation(SignedInUsers users, TesseraServerOptions options, TimeProvider time, ILogger<CircuitUserRevalidation> log)
    {
        _users = users;
        _interval = options.CircuitRevalidation;
        _time = time;
        _log = log;
        AuthenticationStateChanged += Restart;
    }

    private void Restart(Task<AuthenticationState> state)
    {
        if (OpenedAs is null && state.IsCompletedSuccessfully)
        {
            OpenedAs = state.Result.User;
        }

        CancellationTokenSource loop;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _loop?.Cancel();
            _loop?.Dispose();
            _loop = loop = new CancellationTokenSource();
        }

        _ = RevalidateAsync(state, loop.Token);
    }

    private async Task RevalidateAsync(Task<AuthenticationState> task, CancellationToken ct)
    {
        try
        {
            var principal = (await task).User;
            if (principal.FindFirstValue(TesseraClaims.ActorKind) != nameof(Core.Audit.AuditActorKind.User))
            {
                return;
            }

            using var timer = new PeriodicTimer(_interval, _time);
            while (await timer.WaitForNextTickAsync(ct))
            {
                Core.Security.User? user;
                try
                {
                    user = await _users.FindValidAsync(principal, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The database is unreachable: keep the state; the next HTTP request (and the next round) checks again.
                    _log.LogWarning(ex, "Could not revalidate the signed-in user of a circuit");
                    continue;
                }

                if (user is null)
                {
                    SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));
                    return;
                }

                if (!principal.Matches(user))
                {
                    // Setting the state restarts this loop with the new principal.
                    var scheme = principal.Identity?.AuthenticationType ?? "Cookies";
                    SetAuthenticationState(Task.FromResult(new AuthenticationState(TesseraClaims.For(user, scheme))));
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Replaced by a newer state, or the circuit ended.
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _loop?.Cancel();
            _loop?.Dispose();
            _loop = null;
        }

        AuthenticationStateChanged -= Restart;
    }
}
