namespace Tessera.Core.Audit;

/// <summary>Append-only record of who changed what.</summary>
public interface IAuditLog
{
    /// <summary>Stores an entry stamped with the current time and returns it with its id.</summary>
    /// <exception cref="ArgumentException">When action or entity type is blank (an oversized snapshot arrives as its summary: <see cref="AuditSnapshot"/>).</exception>
    Task<AuditEntry> AppendAsync(AuditEvent auditEvent, CancellationToken ct);

    /// <summary>Entries matching <paramref name="query"/>, newest first, with the total match count.</summary>
    Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken ct);
}
