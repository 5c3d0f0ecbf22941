using System.Collections.Concurrent;
using Tessera.Core.Detection.Atomic;

namespace Tessera.Core.Attack;

/// <summary>
/// Names that newer content (Atomic Red Team) gives technique IDs, and the <see cref="NewerTechniques"/> they imply for
/// each loaded collection, computed once per collection key. Coverage uses it to count a rule tagged with a v19 ID
/// (T1685) for the technique the loaded release knows under another ID (18.1's T1562.001). Thread-safe.
/// </summary>
public sealed class NewerTechniqueSource(IReadOnlyDictionary<string, string> names)
{
    private readonly ConcurrentDictionary<string, NewerTechniques> _byCollection = new(StringComparer.Ordinal);

    /// <summary>No names: every ID the release lacks stays unknown.</summary>
    public static NewerTechniqueSource Empty { get; } = new(new Dictionary<string, string>());

    /// <summary>
    /// Names from the Atomic Red Team folder of a public-data folder laid out like shared/data
    /// (<c>atomic-red-team/atomics</c>); <see cref="Empty"/> when <paramref name="sharedData"/> is null or has none.
    /// </summary>
    public static NewerTechniqueSource FromSharedData(string? sharedData) =>
        sharedData is null ? Empty : new(AtomicDisplayNames.Read(Path.Combine(sharedData, "atomic-red-team", "atomics")));

    /// <summary>Number of named technique IDs (known to the release or not).</summary>
    public int Count => names.Count;

    /// <summary>The IDs <paramref name="attack"/> lacks, named and paired with its own techniques by name.</summary>
    public NewerTechniques For(AttackCollection attack) =>
        names.Count == 0 ? NewerTechniques.Empty : _byCollection.GetOrAdd(attack.Info.Key, _ => NewerTechniques.Build(names, attack));
}
