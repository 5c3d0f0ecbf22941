using Tessera.Core.Detection;
using Tessera.Core.Dettect;

namespace Tessera.Core.Coverage;

/// <summary>What a DeTT&amp;CT file becomes in Tessera, plus the mapper's report and notes saying how scores were mapped.</summary>
public sealed record DettectImportPlan
{
    public required DettectMappingReport Report { get; init; }
    public IReadOnlyList<DataSourceEntry> DataSources { get; init; } = [];
    public IReadOnlyList<DetectionRule> Rules { get; init; } = [];
    public IReadOnlyList<string> PriorityTechniques { get; init; } = [];
    public IReadOnlyList<string> Notes { get; init; } = [];
}
