using Tessera.Core.Attack;
using Tessera.Core.Detection.Registry;
using Tessera.Core.Detection.Validation;

namespace Tessera.Core.Coverage;

/// <summary>Everything the coverage engine reads, held in memory: storage loads it, the engine only computes.</summary>
public sealed record CoverageInput
{
    public required AttackCollection Attack { get; init; }
    public required IReadOnlyList<RegisteredRule> Rules { get; init; }
    public IReadOnlyList<ValidationRun> Runs { get; init; } = [];
    public IReadOnlyList<DataSourceEntry> DataSources { get; init; } = [];
    public CadencePolicy Cadence { get; init; } = CadencePolicy.Standard;

    /// <summary>
    /// IDs of a newer ATT&amp;CK release paired with <see cref="Attack"/>'s techniques by name; rules and tests tagged with
    /// such an ID count for the paired technique (<see cref="TechniqueCoverage.NewerIds"/>).
    /// </summary>
    public NewerTechniques Newer { get; init; } = NewerTechniques.Empty;

    /// <summary>Priority technique IDs; see <see cref="PriorityTechniques"/>.</summary>
    public IReadOnlySet<string> Priority { get; init; } = new HashSet<string>();
}
