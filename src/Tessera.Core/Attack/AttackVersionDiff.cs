namespace Tessera.Core.Attack;

/// <summary>Compares two releases of one domain: per mapped technique ID, as a whole, and as a migration plan.</summary>
public static class AttackVersionDiff
{
    /// <summary>
    /// Compares each ID (mapped against <paramref name="from"/>) with <paramref name="to"/>, in the given order.
    /// Every ID gets a result: malformed IDs and IDs neither release knows are flagged <see cref="TechniqueChanges.Unknown"/>.
    /// </summary>
    public static IReadOnlyList<TechniqueDiff> CompareTechniques(IEnumerable<string> ids, AttackCollection from, AttackCollection to) =>
        ids.Select(id => CompareTechnique(id, from, to)).ToList();

    /// <summary>Compares one technique ID; see <see cref="CompareTechniques"/>.</summary>
    public static TechniqueDiff CompareTechnique(string id, AttackCollection from, AttackCollection to)
    {
        if (!TechniqueId.TryParse(id, out var parsed))
        {
            return new TechniqueDiff { Id = id, Changes = TechniqueChanges.Unknown };
        }

        var before = from.FindTechnique(parsed);
        var after = to.FindTechnique(parsed);
        if (after is null)
        {
            return new TechniqueDiff { Id = parsed.Value, Before = before, Changes = before is null ? TechniqueChanges.Unknown : TechniqueChanges.NotInTarget };
        }

        var changes = before is null ? TechniqueChanges.NotInSource : TechniqueChanges.None;
        if (after.Revoked)
        {
            var chain = to.ResolveRevocation(after);
            return new TechniqueDiff
            {
                Id = parsed.Value,
                Before = before,
                After = after,
                Changes = changes | TechniqueChanges.Revoked,
                Replacement = chain.Final as Technique,
                RevocationPath = chain.Steps.Select(s => s.AttackId).ToList(),
            };
        }

        if (after.Deprecated)
        {
            changes |= TechniqueChanges.Deprecated;
        }

        if (before is null || before.Revoked)
        {
            return new TechniqueDiff { Id = parsed.Value, Before = before, After = after, Changes = changes };
        }

        var added = after.Tactics.Except(before.Tactics, StringComparer.OrdinalIgnoreCase).ToList();
        var removed = before.Tactics.Except(after.Tactics, StringComparer.OrdinalIgnoreCase).ToList();
        var oldSubs = from.Subtechniques(before).Select(s => s.AttackId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var newSubs = to.Subtechniques(after).Select(s => s.AttackId).Where(s => !oldSubs.Contains(s)).ToList();

        changes |= !string.Equals(before.Name, after.Name, StringComparison.Ordinal) ? TechniqueChanges.Renamed : 0;
        changes |= added.Count + removed.Count > 0 ? TechniqueChanges.TacticsChanged : 0;
        changes |= newSubs.Count > 0 ? TechniqueChanges.NewSubtechniques : 0;
        changes |= !before.Platforms.ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(after.Platforms) ? TechniqueChanges.PlatformsChanged : 0;
        return new TechniqueDiff
        {
            Id = parsed.Value,
            Before = before,
            After = after,
            Changes = changes,
            AddedTactics = added,
            RemovedTactics = removed,
            NewSubtechniques = newSubs,
        };
    }

    /// <summary>
    /// Whole-release summary: per object type counts, every technique active in <paramref name="from"/> that changed,
    /// and the techniques <paramref name="to"/> adds.
    /// </summary>
    public static CollectionDiff Compare(AttackCollection from, AttackCollection to)
    {
        var byType = new List<ObjectTypeDiff>
        {
            CountType("technique", from.Techniques, to.Techniques),
            CountType("tactic", from.Tactics, to.Tactics),
            CountType("group", from.Groups, to.Groups),
            CountType("software", from.Software, to.Software),
            CountType("campaign", from.Campaigns, to.Campaigns),
            CountType("mitigation", from.Mitigations, to.Mitigations),
            CountType("data-source", from.DataSources, to.DataSources),
            CountType("data-component", from.DataComponents, to.DataComponents),
            CountType("detection-strategy", from.DetectionStrategies, to.DetectionStrategies),
            CountType("analytic", from.Analytics, to.Analytics),
            CountType("asset", from.Assets, to.Assets),
        };

        var changed = from.Techniques.Where(t => t.IsActive)
            .Select(t => CompareTechnique(t.AttackId, from, to))
            .Where(d => !d.IsUnchanged)
            .ToList();
        var added = to.Techniques.Where(t => t.IsActive && from.FindTechnique(t.AttackId) is not { IsActive: true }).ToList();
        return new CollectionDiff(from.Info, to.Info, byType, changed, added);
    }

    /// <summary>
    /// A migration plan for IDs mapped against <paramref name="from"/>: keep, replace (revoked → final replacement),
    /// review (deprecated, removed, broken chain) or unknown (kept as is and flagged). One step per given ID, in order.
    /// </summary>
    public static MigrationPlan PlanMigration(IEnumerable<string> ids, AttackCollection from, AttackCollection to)
    {
        var target = to.Info.Version;
        var steps = CompareTechniques(ids, from, to).Select(d => d switch
        {
            { Changes: var c } when c.HasFlag(TechniqueChanges.Unknown) =>
                new MigrationStep(d.Id, d.Id, MigrationAction.Unknown, TechniqueId.TryParse(d.Id, out _)
                    ? $"Not in {from.Info.Version} or {target} (newer release?); kept as is"
                    : "Not an ATT&CK technique ID; kept as is"),
            { Changes: var c, Replacement: { } r } when c.HasFlag(TechniqueChanges.Revoked) =>
                new MigrationStep(d.Id, r.AttackId, MigrationAction.Replace, $"Revoked in {target}; replaced by {string.Join(" → ", d.RevocationPath)} ({r.Name})"),
            { Changes: var c } when c.HasFlag(TechniqueChanges.Revoked) =>
                new MigrationStep(d.Id, null, MigrationAction.Review, $"Revoked in {target} but its replacement cannot be resolved"),
            { Changes: var c } when c.HasFlag(TechniqueChanges.Deprecated) =>
                new MigrationStep(d.Id, null, MigrationAction.Review, $"Deprecated in {target} without a replacement"),
            { Changes: var c } when c.HasFlag(TechniqueChanges.NotInTarget) =>
                new MigrationStep(d.Id, null, MigrationAction.Review, $"Not in {target}"),
            _ => new MigrationStep(d.Id, d.Id, MigrationAction.Keep, KeepReason(d, target)),
        }).ToList();
        return new MigrationPlan(from.Info, to.Info, steps);
    }

    private static string KeepReason(TechniqueDiff d, string target)
    {
        var reasons = new List<string>();
        if (d.Changes.HasFlag(TechniqueChanges.NotInSource))
        {
            reasons.Add($"only in {target}");
        }

        if (d.Changes.HasFlag(TechniqueChanges.Renamed))
        {
            reasons.Add($"renamed '{d.OldName}' → '{d.NewName}'");
        }

        if (d.Changes.HasFlag(TechniqueChanges.TacticsChanged))
        {
            reasons.Add($"tactics +[{string.Join(", ", d.AddedTactics)}] -[{string.Join(", ", d.RemovedTactics)}]");
        }

        if (d.Changes.HasFlag(TechniqueChanges.NewSubtechniques))
        {
            reasons.Add($"new sub-techniques {string.Join(", ", d.NewSubtechniques)}");
        }

        if (d.Changes.HasFlag(TechniqueChanges.PlatformsChanged))
        {
            reasons.Add("platforms changed");
        }

        return reasons.Count == 0 ? "Unchanged" : string.Join("; ", reasons);
    }

    private static ObjectTypeDiff CountType<T>(string type, IReadOnlyList<T> from, IReadOnlyList<T> to) where T : AttackObject
    {
        var before = from.ToDictionary(o => o.StixId, StringComparer.Ordinal);
        int added = 0, revoked = 0, deprecated = 0, changed = 0, unchanged = 0;
        foreach (var after in to)
        {
            if (!before.TryGetValue(after.StixId, out var old))
            {
                added += after.IsActive ? 1 : 0;
            }
            else if (old.IsActive && after.Revoked)
            {
                revoked++;
            }
            else if (old.IsActive && after.Deprecated)
            {
                deprecated++;
            }
            else if (old.IsActive && after.IsActive)
            {
                if (old.Version != after.Version || old.Modified != after.Modified)
                {
                    changed++;
                }
                else
                {
                    unchanged++;
                }
            }
        }

        var remaining = to.Select(o => o.StixId).ToHashSet(StringComparer.Ordinal);
        var removed = from.Count(o => !remaining.Contains(o.StixId));
        return new ObjectTypeDiff(type, added, removed, revoked, deprecated, changed, unchanged);
    }
}
