namespace Tessera.Core.Coverage;

/// <summary>
/// What changed between two snapshots ("what did we lose since last quarter?"): per state the techniques that
/// entered and left it, and the techniques that got worse or better overall.
/// </summary>
public sealed record CoverageSnapshotDiff
{
    public required CoverageSnapshot From { get; init; }
    public required CoverageSnapshot To { get; init; }

    /// <summary>One entry per state, best first (<see cref="CoverageStates.All"/>).</summary>
    public required IReadOnlyList<StateDiff> States { get; init; }

    /// <summary>Techniques whose state worsened, by ID.</summary>
    public required IReadOnlyList<TechniqueStateChange> Regressed { get; init; }

    /// <summary>Techniques whose state improved, by ID.</summary>
    public required IReadOnlyList<TechniqueStateChange> Improved { get; init; }

    /// <summary>Compares two snapshots (gaps are implied by absence, as in <see cref="CoverageSnapshot.States"/>).</summary>
    public static CoverageSnapshotDiff Compare(CoverageSnapshot from, CoverageSnapshot to)
    {
        var ids = from.States.Keys.Union(to.States.Keys, StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        var changes = ids.Select(id => new TechniqueStateChange(id, from.StateOf(id), to.StateOf(id))).Where(c => c.Before != c.After).ToList();
        return new CoverageSnapshotDiff
        {
            From = from,
            To = to,
            States = CoverageStates.All.Select(s => new StateDiff(s,
                from.All.Count(s), to.All.Count(s),
                changes.Where(c => c.After == s).Select(c => c.Technique).ToList(),
                changes.Where(c => c.Before == s).Select(c => c.Technique).ToList())).ToList(),
            Regressed = changes.Where(c => c.After.Rank() > c.Before.Rank()).ToList(),
            Improved = changes.Where(c => c.After.Rank() < c.Before.Rank()).ToList(),
        };
    }
}

/// <summary>One state in a diff: counts at both ends and the technique IDs that entered (gained) or left (lost) it.</summary>
public sealed record StateDiff(CoverageState State, int FromCount, int ToCount, IReadOnlyList<string> Gained, IReadOnlyList<string> Lost);

/// <summary>A technique's state at the start and end of a diff.</summary>
public sealed record TechniqueStateChange(string Technique, CoverageState Before, CoverageState After);
