using Tessera.Core.Attack;

namespace Tessera.Core.Threats;

/// <summary>Which dimension colours the multi-dimension matrix.</summary>
public enum MatrixColouring
{
    Coverage,
    ActorRelevance,
    Incidents,
    Exposure,
    Priority,
}

/// <summary>Every dimension of one technique in the multi-dimension matrix, with its priority score.</summary>
public sealed record TechniqueDimensions
{
    public required TechniqueId Id { get; init; }

    /// <summary>Null for IDs the release lacks (kept from the target set and flagged by <see cref="KnownInRelease"/>).</summary>
    public string? Name { get; init; }

    public IReadOnlyList<string> Tactics { get; init; } = [];

    public bool KnownInRelease { get; init; } = true;

    public required TechniqueCoverageLevel Coverage { get; init; }

    public required double ActorRelevance { get; init; }

    /// <summary>How many selected actors use the technique.</summary>
    public required int ActorCount { get; init; }

    public required int IncidentCount { get; init; }

    public required int ExposureCount { get; init; }

    public required TechniquePriority Priority { get; init; }

    /// <summary>The cell's colour value in [0, 1] under a colouring (higher = more attention; coverage: higher = better).</summary>
    public double ValueFor(MatrixColouring colouring) => colouring switch
    {
        MatrixColouring.Coverage => (int)Coverage / 3.0,
        MatrixColouring.ActorRelevance => ActorRelevance,
        MatrixColouring.Incidents => Term(PriorityScore.IncidentTerm),
        MatrixColouring.Exposure => Term(PriorityScore.ExposureTerm),
        MatrixColouring.Priority => Priority.Score,
        _ => throw new ArgumentOutOfRangeException(nameof(colouring)),
    };

    private double Term(string name) => Priority.Terms.First(t => t.Name == name).Value;
}

/// <summary>The multi-dimension matrix: rows for a release's techniques plus target-set IDs the release lacks.</summary>
public sealed record ThreatMatrixView(IReadOnlyList<TechniqueDimensions> Rows, string Formula, IReadOnlyList<string> TermDefinitions);

/// <summary>Joins coverage, actor relevance, incident frequency and exposure per technique.</summary>
public static class ThreatMatrix
{
    /// <summary>
    /// One row per active technique of <paramref name="release"/> (in ID order) and one per target-set technique
    /// the release lacks. Counts missing from the dictionaries are 0; <paramref name="targets"/> may be null when no
    /// actors are selected (every relevance is then 0).
    /// </summary>
    public static ThreatMatrixView Build(
        AttackCollection release,
        TargetSet? targets,
        ITechniqueCoverageLookup coverage,
        IReadOnlyDictionary<TechniqueId, int> incidentCounts,
        IReadOnlyDictionary<TechniqueId, int> exposureCounts,
        PriorityScore score)
    {
        var targeted = targets?.Techniques.ToDictionary(t => t.Id) ?? [];
        var rows = new List<TechniqueDimensions>(release.Techniques.Count);
        foreach (var technique in release.Techniques.Where(t => t.IsActive))
        {
            if (TechniqueId.TryParse(technique.AttackId, out var id))
            {
                rows.Add(Row(id, technique, targeted.GetValueOrDefault(id)));
            }
        }

        rows.AddRange(targeted.Values.Where(t => release.FindTechnique(t.Id) is null).OrderBy(t => t.Id).Select(t => Row(t.Id, null, t)));
        return new ThreatMatrixView(rows, score.Formula, score.TermDefinitions);

        TechniqueDimensions Row(TechniqueId id, Technique? technique, TargetTechnique? target)
        {
            var input = new PriorityInput(id, target?.Relevance ?? 0, coverage.LevelOf(id),
                incidentCounts.GetValueOrDefault(id), exposureCounts.GetValueOrDefault(id));
            return new TechniqueDimensions
            {
                Id = id, Name = technique?.Name, Tactics = technique?.Tactics ?? [], KnownInRelease = technique is not null,
                Coverage = input.Coverage, ActorRelevance = input.ActorRelevance, ActorCount = target?.Actors.Count ?? 0,
                IncidentCount = input.IncidentCount, ExposureCount = input.ExposureCount, Priority = score.Score(input),
            };
        }
    }
}
