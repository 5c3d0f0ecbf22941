using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Tessera.Core.Audit;
using Tessera.Core.Security;
using Tessera.Core.Storage;

namespace Tessera.Server.Security;

/// <summary>
/// Checks a browser sign-in against the stored user, so a cookie (valid for up to 8 hours) or a long-lived Blazor circuit
/// stops working when the user is disabled, deleted or has a new password, and carries the stored role rather than the
/// one it was issued with. One lookup by primary key per check. API key principals are not users' and are never valid here:
/// keys have their own role and revocation.
/// </summary>
public sealed class SignedInUsers(IUserStore users)
{
    /// <summary>
    /// The stored user behind a signed-in principal while it may stay signed in; null when the principal is no user's
    /// (an API key), carries no stamp (a cookie from before stamps), or the user is gone, disabled or has another password.
    /// </summary>
    public async Task<User?> FindValidAsync(ClaimsPrincipal principal, CancellationToken ct)
    {
        var actor = principal.Actor();
        if (principal.Identity?.IsAuthenticated != true || principal.FindFirstValue(TesseraClaims.ActorKind) != nameof(AuditActorKind.User)
            || !Guid.TryParse(actor.Id, out var id) || principal.FindFirstValue(TesseraClaims.Stamp) is not { } stamp)
        {
            return null;
        }

        var user = await users.FindByIdAsync(id, ct);
        return user is { Disabled: false } && CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(stamp), Encoding.UTF8.GetBytes(TesseraClaims.StampOf(user)))
            ? user
            : null;
    }

    /// <summary>
    /// True when <paramref name="principal"/> may <paramref name="permission"/> now: for a signed-in user, judged on the
    /// stored user (a page's principal may be up to <see cref="Hosting.TesseraServerOptions.CircuitRevalidation"/> old);
    /// for an API key, on the key's role, which the request has just authenticated.
    /// </summary>
    public async Task<bool> MayAsync(ClaimsPrincipal principal, Permission permission, CancellationToken ct)
    {
        if (principal.FindFirstValue(TesseraClaims.ActorKind) != nameof(AuditActorKind.User))
        {
            return principal.Has(permission);
        }

        return await FindValidAsync(principal, ct) is { } user && user.Role.Has(permission);
    }
}
