namespace Tessera.Core.Audit;

/// <summary>Who performed an audited action.</summary>
public enum AuditActorKind
{
    User,
    ApiKey,
    /// <summary>Background jobs and first-start bootstrap.</summary>
    System,
}
