namespace Tessera.Core.Coverage;

/// <summary>Result of <see cref="CoverageEngine.Compute"/>: per-technique coverage and the roll-ups the dashboard shows.</summary>
public sealed record CoverageReport
{
    /// <summary>The ATT&amp;CK collection key, e.g. <c>enterprise-attack@18.1</c>.</summary>
    public required string CollectionKey { get; init; }
    public required DateTimeOffset ComputedAt { get; init; }

    /// <summary>Every active technique and sub-technique of the collection, by ID.</summary>
    public required IReadOnlyList<TechniqueCoverage> Techniques { get; init; }

    /// <summary>IDs that rules are tagged with but the collection lacks; kept and flagged, never dropped.</summary>
    public IReadOnlyList<TechniqueCoverage> UnknownTechniques { get; init; } = [];

    /// <summary>Every rule's evaluation.</summary>
    public IReadOnlyList<RuleCoverage> Rules { get; init; } = [];
    public IReadOnlyList<CoverageCounts> ByTactic { get; init; } = [];
    public IReadOnlyList<CoverageCounts> ByPlatform { get; init; } = [];
    public IReadOnlyList<RuleCounts> ByDataSource { get; init; } = [];
    public IReadOnlyList<RuleCounts> ByOwner { get; init; } = [];

    /// <summary>Rules whose validation is overdue, soonest due first.</summary>
    public IReadOnlyList<OverdueValidation> Overdue { get; init; } = [];

    /// <summary>
    /// The technique by ID (collection or unknown), or null. A newer release's ID that the collection knows under another
    /// (T1685) finds that technique (T1562.001, whose <see cref="TechniqueCoverage.NewerIds"/> name it).
    /// </summary>
    public TechniqueCoverage? Find(string id) =>
        Techniques.FirstOrDefault(t => string.Equals(t.Id.Value, id, StringComparison.OrdinalIgnoreCase))
        ?? UnknownTechniques.FirstOrDefault(t => string.Equals(t.Id.Value, id, StringComparison.OrdinalIgnoreCase))
        ?? Techniques.FirstOrDefault(t => t.NewerIds.Contains(id, StringComparer.OrdinalIgnoreCase));

    /// <summary>Counts of the techniques in <paramref name="scope"/>.</summary>
    public CoverageCounts Summarize(CoverageScope scope) =>
        CoverageCounts.Of(scope.ToString(), Techniques.Where(scope.Contains).Select(t => t.State));

    /// <summary>Techniques matching the listing filters (tactic, platform, state).</summary>
    public IReadOnlyList<TechniqueCoverage> Select(CoverageFilter filter) => Techniques.Where(filter.Matches).ToList();

    /// <summary>The listing filters this report was narrowed by (<see cref="Narrowed"/>), or null for a whole report.</summary>
    public CoverageFilter? NarrowedBy { get; init; }

    /// <summary>
    /// This report with only the techniques (collection and unknown) matching the listing filters, so an export carries
    /// what the filtered listing shows; the roll-ups (by tactic, platform, data source, owner) stay whole. A filter without
    /// listing criteria returns this report.
    /// </summary>
    public CoverageReport Narrowed(CoverageFilter filter) =>
        !filter.SelectsTechniques ? this : this with
        {
            Techniques = Select(filter),
            UnknownTechniques = UnknownTechniques.Where(filter.Matches).ToList(),
            NarrowedBy = filter,
        };
}
