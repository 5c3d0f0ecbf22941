using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Tessera.Core.Audit;
using Tessera.Core.Security;

namespace Tessera.Server.Security;

/// <summary>Claim names Tessera puts on a signed-in user or API key, and the way back to an audit actor.</summary>
public static class TesseraClaims
{
    public const string ActorKind = "tessera:actor_kind";
    public const string ActorId = "tessera:actor_id";

    /// <summary>
    /// A signed-in user's password stamp (<see cref="StampOf"/>) as it was at sign-in: a cookie whose stamp no longer
    /// matches the stored user (password changed or reset since, or the user disabled since) is refused.
    /// </summary>
    public const string Stamp = "tessera:stamp";

    public static ClaimsPrincipal For(User user, string scheme)
    {
        var principal = Principal(AuditActorKind.User, user.Id.ToString(), user.UserName, user.Role, scheme);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(Stamp, StampOf(user)));
        return principal;
    }

    /// <summary>
    /// 128 bits of a SHA-256 over the stored password hash and <see cref="User.SignInStamp"/>: changes whenever the
    /// password does or the user is disabled, and says nothing about the password (the hash is salted PBKDF2, and this is
    /// a one-way digest of it inside an encrypted cookie). An empty sign-in stamp adds nothing, so cookies issued before
    /// it existed stay valid.
    /// </summary>
    public static string StampOf(User user) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("tessera-sign-in-stamp\n" + user.PasswordHash
            + (user.SignInStamp.Length > 0 ? "\n" + user.SignInStamp : ""))), 0, 16);

    /// <summary>True when <paramref name="principal"/> carries <paramref name="user"/>'s current name and role (its stamp aside).</summary>
    public static bool Matches(this ClaimsPrincipal principal, User user) =>
        principal.Role() == user.Role && principal.Identity?.Name == user.UserName;

    public static ClaimsPrincipal For(ApiKey key, string scheme) => Principal(AuditActorKind.ApiKey, key.KeyId, "apikey:" + key.Name, key.Role, scheme);

    public static AuditActor Actor(this ClaimsPrincipal principal)
    {
        var kind = Enum.TryParse<AuditActorKind>(principal.FindFirstValue(ActorKind), out var k) ? k : AuditActorKind.User;
        return new AuditActor(kind, principal.FindFirstValue(ActorId) ?? "?", principal.Identity?.Name ?? "?");
    }

    public static Role? Role(this ClaimsPrincipal principal) =>
        Enum.TryParse<Role>(principal.FindFirstValue(ClaimTypes.Role), out var role) ? role : null;

    public static bool Has(this ClaimsPrincipal principal, Permission permission) =>
        principal.Identity?.IsAuthenticated == true && principal.Role() is { } role && role.Has(permission);

    private static ClaimsPrincipal Principal(AuditActorKind kind, string id, string name, Role role, string scheme) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, name),
                new Claim(ClaimTypes.Role, role.ToString()),
                new Claim(ActorKind, kind.ToString()),
                new Claim(ActorId, id),
            ],
            scheme));
}
