using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Tessera.Core.Attack;
using Tessera.Core.Coverage;
using Tessera.Core.Enrichment;
using Tessera.Server.Knowledge;

namespace Tessera.Server.Api.Enrichment;

/// <summary>Joins ATT&amp;CK knowledge, coverage, runbooks and open incidents for techniques (SOAR enrichment).</summary>
public sealed class TechniqueEnricher(CoverageReportCache coverage, IRunbookLibrarySource runbooks, IIncidentTechniqueLookup incidents)
{
    /// <summary>Related techniques listed at most: a tactic has up to ~50 techniques; a playbook wants a short pick list.</summary>
    public const int MaxRelated = 25;

    /// <summary>Open incidents listed per technique at most.</summary>
    public const int MaxIncidents = 20;

    /// <summary>The ATT&amp;CK half of an answer: fixed for a loaded release, so built once per technique and procedure count.</summary>
    private sealed record TechniqueKnowledge(
        string Description, IReadOnlyList<EnrichTacticView> Tactics, IReadOnlyList<EnrichProcedureView> Procedures, int ProceduresTotal,
        IReadOnlyList<EnrichRefView> Related, int RelatedTotal, IReadOnlyList<EnrichRefView> Groups);

    // Per release (collected with it); walking relationships and stripping citations per request cost more than the rest.
    private static readonly ConditionalWeakTable<AttackCollection, ConcurrentDictionary<(string, int), TechniqueKnowledge>> Known = new();

    private static TechniqueKnowledge Knowledge(AttackCollection attack, Technique t, int procedures) =>
        Known.GetValue(attack, _ => new()).GetOrAdd((t.AttackId, procedures), _ =>
        {
            var examples = attack.ProcedureExamples(t);
            var related = attack.RelatedTechniques(t);
            return new TechniqueKnowledge(
                AttackText.Plain(t.Description),
                t.Tactics.Select(s => attack.FindTactic(s)).OfType<Tactic>().Select(x => new EnrichTacticView(x.AttackId, x.ShortName, x.Name)).ToList(),
                examples.Take(procedures).Select(p => new EnrichProcedureView(p.User.AttackId, p.User.Name, p.User.GetType().Name, AttackText.Plain(p.Description))).ToList(),
                examples.Count,
                related.Take(MaxRelated).Select(r => new EnrichRefView(r.AttackId, r.Name)).ToList(), related.Count,
                examples.Where(p => p.User is Group).Select(p => new EnrichRefView(p.User.AttackId, p.User.Name)).DistinctBy(g => g.Id).ToList());
        });

    /// <summary>
    /// One enrichment per technique, in the order given; runbooks are loaded once for all, coverage comes from the
    /// <see cref="CoverageReportCache"/> (at most seconds old).
    /// </summary>
    public async Task<IReadOnlyList<TechniqueEnrichmentView>> EnrichAsync(
        AttackCollection attack, IReadOnlyList<TechniqueLookup> techniques, int procedures, CancellationToken ct)
    {
        if (techniques.Count == 0)
        {
            return [];
        }

        var report = await coverage.GetAsync(attack, ct);
        var library = await runbooks.GetAsync(ct);
        var views = new List<TechniqueEnrichmentView>(techniques.Count);
        foreach (var lookup in techniques)
        {
            var t = lookup.Technique!;
            var k = Knowledge(attack, t, procedures);
            views.Add(new TechniqueEnrichmentView(
                t.AttackId, t.Name, attack.Info.Key, lookup.Status.ToString(), lookup.Replacement?.AttackId, k.Description, t.Url,
                k.Tactics, t.Platforms, k.Procedures, k.ProceduresTotal, k.Related, k.RelatedTotal, k.Groups,
                EnrichCoverageView.Of(report.Find(t.AttackId)),
                library.For(t).Select(EnrichRunbookView.Of).ToList(),
                await incidents.OpenWithTechniqueAsync(t.Id, MaxIncidents, ct)));
        }

        return views;
    }
}
