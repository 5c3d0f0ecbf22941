namespace Tessera.Core.Audit;

/// <summary>The actor of an audit entry: a user id, an API key id, or a system component name.</summary>
public sealed record AuditActor(AuditActorKind Kind, string Id, string Name)
{
    public static AuditActor System(string component) => new(AuditActorKind.System, component, component);
}
