namespace Tessera.Core.Audit;

/// <summary>One stored audit row: the <see cref="Event"/> plus the id (growing with insertion order) and time the log assigned.</summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, AuditEvent Event);
