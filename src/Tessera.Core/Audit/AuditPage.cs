namespace Tessera.Core.Audit;

/// <summary>One page of audit entries and how many match the filters in total.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, int TotalCount, int Skip, int Take);
