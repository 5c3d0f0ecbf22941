using Tessera.Core.Storage;

namespace Tessera.Core.Attack;

/// <summary>
/// Preview (and, when <see cref="Applied"/>, outcome) of moving stored technique references from one release to
/// another. <see cref="Errors"/> not empty means nothing was changed.
/// </summary>
public sealed record ReferenceMigrationReport
{
    public required CollectionInfo From { get; init; }
    public required CollectionInfo To { get; init; }
    public required bool Applied { get; init; }
    /// <summary>Every stored reference with its proposed action, ordered by kind, owner and ID.</summary>
    public required IReadOnlyList<ReferenceMigrationItem> Items { get; init; }
    /// <summary>The store's outcome when applied; null for a dry run or when the plan was rejected before storage.</summary>
    public TechniqueMigrationResult? Result { get; init; }
    public IReadOnlyList<string> Errors { get; init; } = [];

    public int Count(MigrationAction action) => Items.Count(i => i.Action == action);
}

/// <summary>
/// One stored reference and what the migration does to it: <see cref="MigrationAction.Replace"/> rewrites to
/// <see cref="NewId"/>; Review (deprecated, removed) and Unknown (e.g. v19 IDs) are kept as they are and flagged.
/// </summary>
public sealed record ReferenceMigrationItem(StoredTechniqueReference Reference, MigrationAction Action, string? NewId, string Reason);

/// <summary>
/// What an applied migration goes into the audit log with: counts plus the rewrites, capped so the snapshot stays
/// far below <see cref="Audit.AuditEvent.MaxJsonLength"/> (the full list is in the migration log).
/// </summary>
public sealed record ReferenceMigrationSummary(
    string From, string To, int Replaced, int Flagged, int Unknown, int Kept, IReadOnlyList<AppliedTechniqueMigration> Changes, bool ChangesTruncated)
{
    private const int MaxChanges = 1000;

    public static ReferenceMigrationSummary Of(ReferenceMigrationReport report)
    {
        var changes = report.Result?.Changes ?? [];
        return new ReferenceMigrationSummary(report.From.Key, report.To.Key, report.Count(MigrationAction.Replace), report.Count(MigrationAction.Review),
            report.Count(MigrationAction.Unknown), report.Count(MigrationAction.Keep), changes.Take(MaxChanges).ToList(), changes.Count > MaxChanges);
    }
}
