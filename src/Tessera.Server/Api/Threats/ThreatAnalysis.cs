using Tessera.Core.Attack;
using Tessera.Core.Coverage;
using Tessera.Core.Threats;

namespace Tessera.Server.Api.Threats;

/// <summary>A target set measured against our coverage, with the multi-dimension matrix rows for colouring.</summary>
public sealed record ThreatAnalysis
{
    public required AttackCollection Attack { get; init; }
    public required ThreatCoverageReport Report { get; init; }
    public required PriorityScore Score { get; init; }

    /// <summary>Every technique of the release (and target IDs it lacks) with coverage, relevance and priority.</summary>
    public required IReadOnlyDictionary<TechniqueId, TechniqueDimensions> Dimensions { get; init; }

    /// <summary>The coverage engine's own state per technique (finer than <see cref="TechniqueCoverageLevel"/>).</summary>
    public required Func<TechniqueId, CoverageState> StateOf { get; init; }

    /// <summary>What the caller should know about the selection although it was measured (a layer of another domain).</summary>
    public IReadOnlyList<string> Notices { get; init; } = [];
}
