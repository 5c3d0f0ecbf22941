using Tessera.Core.Attack;
using Tessera.Core.Detection;

namespace Tessera.Core.Coverage;

/// <summary>
/// What data a technique needs according to ATT&amp;CK, checked against the inventory. v18 collections: the
/// technique's detection strategies → analytics → log sources and their data components. 17.x collections: the
/// technique's "Data Source: Component" names matched to data component objects.
/// </summary>
public static class TechniqueDataRequirements
{
    /// <summary>Requirements of <paramref name="technique"/>, one per data component, sorted by name; empty for unknown IDs.</summary>
    public static IReadOnlyList<RequiredData> For(AttackCollection attack, TechniqueId technique, IReadOnlyList<DataSourceEntry> inventory)
    {
        if (attack.FindTechnique(technique) is not { } t)
        {
            return [];
        }

        var available = inventory.Where(s => s.IsAvailable).ToList();
        var strategies = attack.RelationshipsTo(t.StixId)
            .Where(r => r.Type == "detects" && !r.Revoked && !r.Deprecated)
            .Select(r => attack.FindByStixId<DetectionStrategy>(r.SourceRef))
            .OfType<DetectionStrategy>()
            .ToList();
        return strategies.Count > 0 ? FromAnalytics(attack, strategies, available) : FromV17Names(attack, t, available);
    }

    private static List<RequiredData> FromAnalytics(AttackCollection attack, List<DetectionStrategy> strategies, List<DataSourceEntry> available)
    {
        var byComponent = new Dictionary<string, (DataComponent? Component, HashSet<string> Logs, HashSet<string> Analytics, List<LogSourceRequirement> Reqs)>(StringComparer.Ordinal);
        foreach (var analytic in strategies.SelectMany(s => s.AnalyticRefs).Select(attack.FindByStixId<Analytic>).OfType<Analytic>())
        {
            foreach (var log in analytic.LogSources)
            {
                var key = log.DataComponentStixId ?? log.Name;
                if (!byComponent.TryGetValue(key, out var entry))
                {
                    entry = (log.DataComponentStixId is null ? null : attack.FindByStixId<DataComponent>(log.DataComponentStixId), [], [], []);
                    byComponent[key] = entry;
                }

                entry.Analytics.Add(analytic.AttackId);
                if (entry.Logs.Add(log.Channel is { Length: > 0 } c ? $"{log.Name} {c}" : log.Name))
                {
                    entry.Reqs.Add(new LogSourceRequirement(log.Name, log.Channel ?? ""));
                }
            }
        }

        return byComponent.Values.Select(e =>
        {
            var id = e.Component?.AttackId ?? "";
            var requirement = new DataRequirement
            {
                SourceText = e.Component?.Name ?? string.Join(", ", e.Logs),
                IsMapped = true,
                DataComponents = id.Length > 0 ? [new DataComponentRef(id, e.Component!.Name, "")] : [],
                LogSources = e.Reqs,
            };
            var providers = available.Where(s => DataSourceMatcher.Provides(s, requirement) || id.Length > 0 && s.DataComponents.Contains(id, StringComparer.OrdinalIgnoreCase)).ToList();
            return new RequiredData
            {
                DataComponentId = id,
                Name = e.Component?.Name ?? "(log source without data component)",
                LogSources = e.Logs.Order(StringComparer.Ordinal).ToList(),
                From = string.Join(", ", e.Analytics.Order(StringComparer.Ordinal)),
                Present = providers.Count > 0,
                ProvidedBy = providers.Select(p => p.Name).Distinct().ToList(),
            };
        }).OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
    }

    private static List<RequiredData> FromV17Names(AttackCollection attack, Technique technique, List<DataSourceEntry> available)
    {
        var components = DataComponentIds.ByName(attack);
        return technique.DataSourceNames.Select(full =>
        {
            var name = full.Contains(':', StringComparison.Ordinal) ? full[(full.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim() : full;
            var id = components.GetValueOrDefault(name) ?? "";
            var providers = available.Where(s => id.Length > 0 && s.DataComponents.Contains(id, StringComparer.OrdinalIgnoreCase)).ToList();
            return new RequiredData
            {
                DataComponentId = id,
                Name = full,
                From = "x_mitre_data_sources",
                Present = providers.Count > 0,
                ProvidedBy = providers.Select(p => p.Name).Distinct().ToList(),
            };
        }).OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
    }
}
