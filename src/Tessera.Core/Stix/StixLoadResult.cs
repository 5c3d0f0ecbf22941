using Tessera.Core.Attack;

namespace Tessera.Core.Stix;

/// <summary>
/// Outcome of reading one bundle. Imports are all-or-nothing: <see cref="Collection"/> is null whenever
/// <see cref="Errors"/> is not empty, so callers never see a partly loaded release.
/// </summary>
public sealed record StixLoadResult
{
    public AttackCollection? Collection { get; init; }
    public IReadOnlyList<StixError> Errors { get; init; } = [];
    /// <summary>Problems that did not stop the load (e.g. unknown object types skipped).</summary>
    public IReadOnlyList<StixError> Warnings { get; init; } = [];
    public required StixLoadReport Report { get; init; }

    public bool Succeeded => Collection is not null && Errors.Count == 0;

    internal static StixLoadResult Failed(string source, StixError error) => new()
    {
        Errors = [error],
        Report = StixLoadReport.Empty(source),
    };
}

/// <summary>Counts of what a bundle held and what the reader did with it, so nothing is lost silently.</summary>
public sealed record StixLoadReport
{
    public required string Source { get; init; }
    public long Bytes { get; init; }
    /// <summary>Objects in the bundle's <c>objects</c> array, relationships included.</summary>
    public int ObjectsRead { get; init; }
    /// <summary>Objects kept in the collection, relationships excluded.</summary>
    public int ObjectsLoaded { get; init; }
    public int RelationshipsLoaded { get; init; }
    /// <summary>Identity, marking-definition, collection and unknown objects that were deliberately not modelled.</summary>
    public int Skipped { get; init; }
    public IReadOnlyDictionary<string, int> SkippedByType { get; init; } = new Dictionary<string, int>();
    /// <summary>Revoked objects (kept, flagged, excluded from browsing) — relationships not included.</summary>
    public int Revoked { get; init; }
    /// <summary>Deprecated objects (kept, flagged, excluded from browsing) — relationships not included.</summary>
    public int Deprecated { get; init; }
    public IReadOnlyDictionary<string, int> LoadedByType { get; init; } = new Dictionary<string, int>();

    internal static StixLoadReport Empty(string source) => new() { Source = source };
}
