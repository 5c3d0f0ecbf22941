using Tessera.Core.Attack;

namespace Tessera.Core.Runbooks;

/// <summary>Why a runbook was chosen for a technique, most specific first.</summary>
public enum RunbookMatchReason
{
    Technique,
    ParentTechnique,
    Tactic,
}

/// <summary>A runbook for a technique, with the safe HTML of its Markdown.</summary>
public sealed record RunbookMatch(RunbookEntry Entry, RunbookMatchReason Reason, string Html);

/// <summary>
/// The runbook library, indexed for SOAR enrichment: given an alert's technique, which runbooks apply. Immutable
/// and safe to share; rebuild it when entries change.
/// </summary>
public sealed class RunbookLibrary
{
    private readonly ILookup<string, RunbookEntry> _byTechnique;
    private readonly ILookup<string, RunbookEntry> _byTactic;

    public RunbookLibrary(IEnumerable<RunbookEntry> entries)
    {
        Entries = entries.ToList();
        _byTechnique = Entries.Where(e => e.Scope == RunbookScope.Technique && TechniqueId.TryParse(e.Target, out _))
            .ToLookup(e => TechniqueId.Parse(e.Target).Value, StringComparer.Ordinal);
        _byTactic = Entries.Where(e => e.Scope == RunbookScope.Tactic).ToLookup(e => e.Target.Trim().ToLowerInvariant(), StringComparer.Ordinal);
    }

    public IReadOnlyList<RunbookEntry> Entries { get; }

    /// <summary>
    /// Runbooks for a technique: its own, then its parent's (for a sub-technique), then its tactics', each group
    /// newest first; an entry matched twice appears once, under its most specific reason.
    /// </summary>
    public IReadOnlyList<RunbookMatch> For(TechniqueId technique, IReadOnlyList<string> tactics)
    {
        var matches = new List<(RunbookEntry Entry, RunbookMatchReason Reason)>();
        matches.AddRange(Newest(_byTechnique[technique.Value]).Select(e => (e, RunbookMatchReason.Technique)));
        if (technique.IsSubtechnique)
        {
            matches.AddRange(Newest(_byTechnique[technique.Parent.Value]).Select(e => (e, RunbookMatchReason.ParentTechnique)));
        }

        matches.AddRange(Newest(tactics.SelectMany(t => _byTactic[t.Trim().ToLowerInvariant()])).Select(e => (e, RunbookMatchReason.Tactic)));
        return matches.DistinctBy(m => m.Entry.Id).Select(m => new RunbookMatch(m.Entry, m.Reason, SafeMarkdown.ToHtml(m.Entry.Markdown))).ToList();
    }

    /// <summary>Runbooks for a technique of a loaded release, using its tactics.</summary>
    public IReadOnlyList<RunbookMatch> For(Technique technique) => For(technique.Id, technique.Tactics);

    private static IEnumerable<RunbookEntry> Newest(IEnumerable<RunbookEntry> entries) => entries.OrderByDescending(e => e.Updated);
}
