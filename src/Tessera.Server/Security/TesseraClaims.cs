using System.Security.Claims;
using Tessera.Core.Audit;
using Tessera.Core.Security;

namespace Tessera.Server.Security;

/// <summary>Claim names Tessera puts on a signed-in user or API key, and the way back to an audit actor.</summary>
public static class TesseraClaims
{
    public const string ActorKind = "tessera:actor_kind";
    public const string ActorId = "tessera:actor_id";

    public static ClaimsPrincipal For(User user, string scheme) => Principal(AuditActorKind.User, user.Id.ToString(), user.UserName, user.Role, scheme);

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
