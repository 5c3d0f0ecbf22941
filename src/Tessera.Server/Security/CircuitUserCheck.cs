using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Logging;

namespace Tessera.Server.Security;

/// <summary>
/// Checks an open page's user before anything the browser sends is handled (a click, a typed value, a form submit): when
/// the stored user is no longer the one the page was opened as — disabled, deleted, a new password, another role or
/// name — the page is loaded again instead, so the write a click would have made never runs with the old role. Pages
/// decide what their user may do when they open (which buttons show, which writes they make), so a page opened as an
/// Admin must not outlive the Admin: the reload signs a disabled user out and renders a demoted one's page for the new
/// role (the cookie check on that request, <see cref="SignedInUsers"/>). One lookup by primary key per browser event.
/// <see cref="CircuitUserRevalidation"/> still follows the user every minute for pages nobody touches.
/// </summary>
public sealed class CircuitUserCheck(AuthenticationStateProvider auth, SignedInUsers users, NavigationManager navigation, ILogger<CircuitUserCheck> log)
    : CircuitHandler
{
    // Set once the page is being loaded again: later events of this circuit are dropped, and only one reload is asked for.
    private volatile bool _reloading;

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            if (_reloading)
            {
                return;
            }

            if (await IsStaleAsync())
            {
                _reloading = true;
                navigation.Refresh(forceReload: true);
                return;
            }

            await next(context);
        };

    private async Task<bool> IsStaleAsync()
    {
        var principal = auth is CircuitUserRevalidation circuit && circuit.OpenedAs is { } opened
            ? opened
            : (await auth.GetAuthenticationStateAsync()).User;
        if (principal.FindFirstValue(TesseraClaims.ActorKind) != nameof(Core.Audit.AuditActorKind.User))
        {
            return false;
        }

        try
        {
            return await users.FindValidAsync(principal, CancellationToken.None) is not { } user || !principal.Matches(user);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The database is unreachable: the write the event leads to will fail on it anyway.
            log.LogWarning(ex, "Could not check the signed-in user of a circuit");
            return false;
        }
    }
}
