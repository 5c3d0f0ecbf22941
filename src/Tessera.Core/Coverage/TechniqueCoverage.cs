using Tessera.Core.Attack;

namespace Tessera.Core.Coverage;

/// <summary>
/// Coverage of one technique or sub-technique. A parent technique's state is the best of its own rules and its
/// sub-techniques' rules (<see cref="RolledUp"/> when only a sub-technique's rule earns it); a sub-technique counts
/// only rules tagged with it explicitly.
/// </summary>
public sealed record TechniqueCoverage
{
    public required TechniqueId Id { get; init; }
    public required string Name { get; init; }
    public bool IsSubtechnique => Id.IsSubtechnique;
    public IReadOnlyList<string> Tactics { get; init; } = [];
    public IReadOnlyList<string> Platforms { get; init; } = [];
    public required CoverageState State { get; init; }
    public bool RolledUp { get; init; }
    public bool IsPriority { get; init; }

    /// <summary>False for IDs that rules or tests use but the loaded collection lacks (e.g. v19's T1685).</summary>
    public bool InCollection { get; init; } = true;

    /// <summary>
    /// IDs a newer ATT&amp;CK release gives this technique (T1685 for 18.1's T1562.001); rules and tests tagged with them are
    /// counted here (<see cref="CoverageInput.Newer"/>).
    /// </summary>
    public IReadOnlyList<string> NewerIds { get; init; } = [];

    /// <summary>Rules tagged with this technique (or one of its <see cref="NewerIds"/>).</summary>
    public IReadOnlyList<RuleCoverage> Rules { get; init; } = [];

    /// <summary>Rules of sub-techniques, for parents.</summary>
    public IReadOnlyList<RuleCoverage> SubtechniqueRules { get; init; } = [];

    /// <summary>Own and sub-technique rules, each once (a rule tagged with both a parent and its sub-technique is listed once).</summary>
    public IReadOnlyList<RuleCoverage> AllRules => SubtechniqueRules.Count == 0
        ? Rules
        : Rules.Concat(SubtechniqueRules).Distinct(ReferenceEqualityComparer.Instance).Cast<RuleCoverage>().ToList();

    /// <summary>Validation runs of this technique (and its sub-techniques, for parents).</summary>
    public int TestRuns { get; init; }
    public DateTimeOffset? LastTested { get; init; }
    public IReadOnlyList<string> Owners { get; init; } = [];
}
