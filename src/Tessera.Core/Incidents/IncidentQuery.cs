namespace Tessera.Core.Incidents;

/// <summary>Filter and page for <see cref="IIncidentStore.ListAsync"/>; newest first.</summary>
public sealed record IncidentQuery
{
    /// <summary>Largest page: enough for a screen or an export batch; integrations page further.</summary>
    public const int MaxTake = 500;

    public IReadOnlyList<IncidentState> States { get; init; } = [];
    public IReadOnlyList<IncidentSeverity> Severities { get; init; } = [];
    public string? Assignee { get; init; }
    /// <summary>Case-insensitive substring of the title.</summary>
    public string? Text { get; init; }
    /// <summary>Only incidents whose associations include this technique ID.</summary>
    public string? TechniqueId { get; init; }
    /// <summary>With <see cref="TechniqueId"/> naming a technique, also match its sub-techniques (T1059 finds T1059.001).</summary>
    public bool IncludeSubtechniques { get; init; }

    /// <summary>
    /// This query filtered on <paramref name="technique"/> as people mean it everywhere (API, page, CLI, enrichment): a
    /// technique also finds its sub-techniques (T1059 finds T1059.001), a sub-technique only itself.
    /// </summary>
    public IncidentQuery WithTechnique(Attack.TechniqueId technique) =>
        this with { TechniqueId = technique.Value, IncludeSubtechniques = !technique.IsSubtechnique };
    /// <summary>
    /// False skips counting every match (a second query): <see cref="IncidentPage.Total"/> is then only the number of
    /// items returned. For hot lookups that show a capped list (SOAR enrichment), not for paging.
    /// </summary>
    public bool CountTotal { get; init; } = true;
    public long? ParentId { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public int Skip { get; init; }
    public int Take { get; init; } = 50;
}

/// <summary>One page of incidents and the total matching the filter.</summary>
public sealed record IncidentPage(IReadOnlyList<Incident> Items, int Total);
