namespace Tessera.Core.Attack;

/// <summary>What happened to one technique ID between two releases; several can apply at once.</summary>
[Flags]
public enum TechniqueChanges
{
    None = 0,
    Renamed = 1 << 0,
    TacticsChanged = 1 << 1,
    NewSubtechniques = 1 << 2,
    PlatformsChanged = 1 << 3,
    Deprecated = 1 << 4,
    /// <summary>Revoked in the target release; <see cref="TechniqueDiff.Replacement"/> is the end of the revoked-by chain.</summary>
    Revoked = 1 << 5,
    /// <summary>In the source release but missing from the target.</summary>
    NotInTarget = 1 << 6,
    /// <summary>Missing from the source release but present in the target (the mapping was ahead of its release).</summary>
    NotInSource = 1 << 7,
    /// <summary>In neither release (e.g. the v19 T1685 against 17.1 and 18.1) or not an ID: kept and flagged, never dropped.</summary>
    Unknown = 1 << 8,
}

/// <summary>One technique ID compared across two releases.</summary>
public sealed record TechniqueDiff
{
    /// <summary>The ID as given, normalised to upper case when well-formed.</summary>
    public required string Id { get; init; }
    public TechniqueChanges Changes { get; init; }
    public Technique? Before { get; init; }
    public Technique? After { get; init; }
    public IReadOnlyList<string> AddedTactics { get; init; } = [];
    public IReadOnlyList<string> RemovedTactics { get; init; } = [];
    /// <summary>IDs of active sub-techniques the target adds under this technique.</summary>
    public IReadOnlyList<string> NewSubtechniques { get; init; } = [];
    /// <summary>Final replacement when revoked (null if the chain breaks).</summary>
    public Technique? Replacement { get; init; }
    /// <summary>IDs crossed from the revoked technique to <see cref="Replacement"/>, replacement included.</summary>
    public IReadOnlyList<string> RevocationPath { get; init; } = [];

    public bool IsUnchanged => Changes == TechniqueChanges.None;
    public string? OldName => Before?.Name;
    public string? NewName => After?.Name;
}
