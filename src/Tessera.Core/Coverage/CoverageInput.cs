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

    /// <summary>Priority technique IDs; see <see cref="PriorityTechniques"/>.</summary>
    public IReadOnlySet<string> Priority { get; init; } = new HashSet<string>();
}
