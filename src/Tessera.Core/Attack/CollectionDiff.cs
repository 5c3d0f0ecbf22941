namespace Tessera.Core.Attack;

/// <summary>Whole-release comparison, e.g. for <c>tessera attack diff 17.1 18.1</c>.</summary>
public sealed record CollectionDiff(
    CollectionInfo From,
    CollectionInfo To,
    IReadOnlyList<ObjectTypeDiff> ByType,
    IReadOnlyList<TechniqueDiff> ChangedTechniques,
    IReadOnlyList<Technique> AddedTechniques);

/// <summary>
/// Counts for one kind of object, matched by STIX ID: added (active, new), removed (gone), revoked or
/// deprecated (active before), changed (active in both with a new version or modified date), unchanged.
/// </summary>
public sealed record ObjectTypeDiff(string Type, int Added, int Removed, int Revoked, int Deprecated, int Changed, int Unchanged);

/// <summary>How stored IDs mapped against one release move to another; storage applies it later.</summary>
public sealed record MigrationPlan(CollectionInfo From, CollectionInfo To, IReadOnlyList<MigrationStep> Steps);

public enum MigrationAction
{
    /// <summary>The ID stays valid (possibly renamed or re-tacticed; see the reason).</summary>
    Keep,
    /// <summary>Rewrite to <see cref="MigrationStep.NewId"/> (revoked with a replacement).</summary>
    Replace,
    /// <summary>A person must decide (deprecated, removed or a broken revocation chain).</summary>
    Review,
    /// <summary>The ID is in neither release or malformed: keep it as is and flag it.</summary>
    Unknown,
}

/// <summary>One ID's migration: <see cref="NewId"/> is null only when no ID can be proposed.</summary>
public sealed record MigrationStep(string OldId, string? NewId, MigrationAction Action, string Reason);
