using System.Text.RegularExpressions;
using Tessera.Core.Detection;

namespace Tessera.Core.Coverage;

/// <summary>
/// Decides whether the inventory provides what a rule needs. A requirement is met by an available source when
/// a log source name matches (with overlapping event codes when both sides name them), or, when either side names
/// no log sources, a data component matches. Log sources win over components so that a Linux process-creation
/// source does not satisfy a Windows rule. An unmapped Sigma logsource is met only by a source that lists that
/// logsource text (e.g. <c>product=windows service=ntlm</c>) as one of its log sources.
/// </summary>
public sealed partial class DataSourceMatcher
{
    private readonly IReadOnlyList<DataSourceEntry> _sources;
    private readonly Dictionary<(string Text, bool Mapped, int Logs, int Components), Match> _cache = [];
    private readonly Dictionary<DataRequirement, Match> _byInstance = new(ReferenceEqualityComparer.Instance);

    public DataSourceMatcher(IReadOnlyList<DataSourceEntry> inventory) => _sources = inventory;

    /// <summary>Result for one requirement: its label, met or not, the available sources meeting it, and since when all of them are degraded.</summary>
    public sealed record Match(string Label, bool Met, IReadOnlyList<DataSourceEntry> Providers, DateTimeOffset? DegradedSince);

    /// <summary>Evaluates <paramref name="requirement"/>; results are cached by the requirement's content (not thread-safe).</summary>
    public Match Evaluate(DataRequirement requirement)
    {
        if (_byInstance.TryGetValue(requirement, out var same))
        {
            return same;
        }

        // Rules loaded from storage carry equal requirements as separate instances: key by content. The source text
        // (Sigma logsource, or the list a person typed) determines the mapping; the counts guard against a stored
        // requirement mapped by an older table. Building a full content string per rule cost ~1 KB per rule.
        var key = (requirement.SourceText, requirement.IsMapped, requirement.LogSources.Count, requirement.DataComponents.Count);
        if (_cache.TryGetValue(key, out var cached))
        {
            _byInstance[requirement] = cached;
            return cached;
        }

        var providers = _sources.Where(s => s.IsAvailable && Provides(s, requirement)).ToList();
        DateTimeOffset? degraded = providers.Count > 0 && providers.All(p => p.Status == DataSourceStatus.Degraded)
            ? providers.Max(p => p.StatusChangedAt ?? DateTimeOffset.MinValue)
            : null;
        var match = new Match(Describe(requirement), providers.Count > 0, providers, degraded);
        _cache[key] = match;
        _byInstance[requirement] = match;
        return match;
    }

    /// <summary>True when <paramref name="source"/> provides <paramref name="requirement"/> (ignoring status).</summary>
    public static bool Provides(DataSourceEntry source, DataRequirement requirement)
    {
        if (!requirement.IsMapped)
        {
            return source.LogSources.Any(l => string.Equals(l.Name, requirement.SourceText, StringComparison.OrdinalIgnoreCase));
        }

        if (requirement.LogSources.Count > 0 && source.LogSources.Count > 0)
        {
            return requirement.LogSources.Any(r => source.LogSources.Any(s =>
                string.Equals(r.Name, s.Name, StringComparison.OrdinalIgnoreCase) && ChannelsOverlap(r.Channel, s.Channel)));
        }

        return requirement.DataComponents.Any(c => source.DataComponents.Contains(c.Id, StringComparer.OrdinalIgnoreCase));
    }

    [GeneratedRegex(@"\d+", RegexOptions.CultureInvariant)]
    private static partial Regex Number();

    /// <summary>Empty means every channel. <c>EventCode=1, 3</c> style channels overlap when they share a code; others compare as text.</summary>
    public static bool ChannelsOverlap(string required, string provided)
    {
        if (string.IsNullOrWhiteSpace(required) || string.IsNullOrWhiteSpace(provided))
        {
            return true;
        }

        if (required.StartsWith("EventCode=", StringComparison.OrdinalIgnoreCase) && provided.StartsWith("EventCode=", StringComparison.OrdinalIgnoreCase))
        {
            var wanted = Number().Matches(required).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
            return Number().Matches(provided).Any(m => wanted.Contains(m.Value));
        }

        return string.Equals(required.Trim(), provided.Trim(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A short label for a requirement: its log sources, else data components, else the source text.</summary>
    public static string Describe(DataRequirement requirement) =>
        requirement.LogSources.Count > 0
            ? string.Join(" or ", requirement.LogSources.Select(l => l.Channel.Length > 0 ? $"{l.Name} {l.Channel}" : l.Name))
            : requirement.DataComponents.Count > 0
                ? string.Join(" or ", requirement.DataComponents.Select(c => c.Name))
                : requirement.SourceText;
}
