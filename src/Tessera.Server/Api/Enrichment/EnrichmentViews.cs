using Tessera.Core.Attack;
using Tessera.Core.Coverage;
using Tessera.Core.Enrichment;
using Tessera.Core.Runbooks;

namespace Tessera.Server.Api.Enrichment;

public sealed record EnrichTacticView(string Id, string ShortName, string Name);

public sealed record EnrichRefView(string Id, string Name);

public sealed record EnrichProcedureView(string Id, string Name, string Kind, string Description);

public sealed record EnrichRuleView(Guid Id, string ExternalId, string Title, string Source, string State, string? Owner, DateTimeOffset? LastTested)
{
    public static EnrichRuleView Of(RuleCoverage r) => new(r.RuleId, r.ExternalId, r.Title, r.Source.ToString(), r.State.ToString(), r.Owner, r.LastTested);
}

/// <summary>Our detection coverage of the technique: state slug (validated, rule, failing, nodata, gap), its label and the rules behind it.</summary>
public sealed record EnrichCoverageView(string State, string Label, bool RolledUp, bool IsPriority, IReadOnlyList<EnrichRuleView> Rules, IReadOnlyList<EnrichRuleView> SubtechniqueRules)
{
    public static EnrichCoverageView Of(TechniqueCoverage? c) => c is null
        ? new(CoverageState.Gap.Slug(), CoverageState.Gap.Label(), false, false, [], [])
        : new(c.State.Slug(), c.State.Label(), c.RolledUp, c.IsPriority, c.Rules.Select(EnrichRuleView.Of).ToList(), c.SubtechniqueRules.Select(EnrichRuleView.Of).ToList());
}

/// <summary>A runbook that applies, with its Markdown and the safe HTML rendering of it.</summary>
public sealed record EnrichRunbookView(Guid Id, string Title, string Reason, string Target, string Owner, DateTimeOffset Updated, string Markdown, string Html)
{
    public static EnrichRunbookView Of(RunbookMatch m) =>
        new(m.Entry.Id, m.Entry.Title, m.Reason.ToString(), m.Entry.Target, m.Entry.Owner, m.Entry.Updated, m.Entry.Markdown, m.Html);
}

/// <summary>Everything a SOAR playbook needs about one technique. Text is plain (ATT&amp;CK Markdown links and citations removed).</summary>
public sealed record TechniqueEnrichmentView(
    string Id, string Name, string Collection, string Status, string? ReplacedBy, string Description, string? Url,
    IReadOnlyList<EnrichTacticView> Tactics, IReadOnlyList<string> Platforms,
    IReadOnlyList<EnrichProcedureView> Procedures, int ProceduresTotal,
    IReadOnlyList<EnrichRefView> Related, int RelatedTotal,
    IReadOnlyList<EnrichRefView> Groups,
    EnrichCoverageView Coverage,
    IReadOnlyList<EnrichRunbookView> Runbooks,
    IReadOnlyList<OpenIncidentRef> OpenIncidents);

/// <summary>An ID the alert named that the loaded release lacks (e.g. v19's T1685): kept and flagged, not enriched.</summary>
public sealed record UnenrichedTechniqueView(string Id, string Reason);

public sealed record EnrichAlertView(string Id, string Title, string Source, string Shape);

/// <summary>
/// The answer to an alert: which techniques it maps to (<c>mappedBy</c> "alert-mapper" when the server's alert mapper
/// is available, else "vendor-metadata": only technique IDs the alert itself carries) and each one's enrichment.
/// </summary>
public sealed record AlertEnrichmentView(
    EnrichAlertView Alert, string MappedBy, IReadOnlyList<TechniqueEnrichmentView> Techniques,
    IReadOnlyList<UnenrichedTechniqueView> UnknownTechniques, IReadOnlyList<string> Notices);
