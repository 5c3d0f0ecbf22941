namespace Tessera.Core.Storage;

/// <summary>
/// Moves every reference recorded against <see cref="FromCollectionKey"/> to <see cref="ToCollectionKey"/>,
/// rewriting IDs listed in <see cref="Migrations"/> and keeping all other IDs unchanged.
/// </summary>
public sealed record TechniqueMigrationPlan
{
    public required string FromCollectionKey { get; init; }
    public required string ToCollectionKey { get; init; }
    public required IReadOnlyList<TechniqueMigration> Migrations { get; init; }
    /// <summary>History reason for references whose ID stays the same.</summary>
    public string UnchangedReason { get; init; } = "collection upgrade";
    /// <summary>
    /// Also rewrite stores without a collection key (detection rule tags, alert-library entries). Only right for
    /// the domain those IDs belong to (Enterprise), so the caller decides.
    /// </summary>
    public bool IncludeUnversioned { get; init; }
    /// <summary>Who asked, recorded in the migration log and rule history.</summary>
    public string? Actor { get; init; }
}
