using Tessera.Core.Storage;

namespace Tessera.Core.Attack;

/// <summary>
/// Lists the technique IDs stored against one release (incident associations, rule tags, alert-library entries,
/// generic references), proposes a step for each from <see cref="AttackVersionDiff.PlanMigration"/>, and on request
/// applies the replacements through <see cref="ITechniqueReferenceStore"/>, which records every old ID.
/// </summary>
public sealed class MigrateTechniqueReferencesCommand(ITechniqueReferenceStore store)
{
    /// <summary>
    /// Returns the preview, applied when <paramref name="apply"/>. Rule tags and alert-library entries carry no
    /// collection key and name Enterprise IDs, so they take part only when both releases are Enterprise. Two releases
    /// of different domains, the same release twice, or a target older than the source are rejected with an error and nothing is read.
    /// </summary>
    public async Task<ReferenceMigrationReport> ExecuteAsync(AttackCollection from, AttackCollection to, bool apply, string? actor, CancellationToken ct)
    {
        if (RefusalOf(from, to) is { } refusal)
        {
            return new ReferenceMigrationReport { From = from.Info, To = to.Info, Applied = false, Items = [], Errors = [refusal] };
        }

        var unversioned = from.Info.Domain == AttackDomain.Enterprise;
        var stored = await store.ListStoredAsync(from.Info.Key, unversioned, ct);
        var ids = stored.Select(r => r.TechniqueId).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var steps = AttackVersionDiff.PlanMigration(ids, from, to).Steps;
        var byId = ids.Zip(steps).ToDictionary(p => p.First, p => p.Second, StringComparer.OrdinalIgnoreCase);
        var items = stored.Select(r =>
        {
            var step = byId[r.TechniqueId];
            return new ReferenceMigrationItem(r, step.Action, step.NewId, step.Reason);
        }).ToList();
        if (!apply)
        {
            return new ReferenceMigrationReport { From = from.Info, To = to.Info, Applied = false, Items = items };
        }

        var result = await store.MigrateTechniqueReferencesAsync(new TechniqueMigrationPlan
        {
            FromCollectionKey = from.Info.Key,
            ToCollectionKey = to.Info.Key,
            Migrations = byId.Where(p => p.Value is { Action: MigrationAction.Replace, NewId: not null })
                .Select(p => new TechniqueMigration(p.Key, p.Value.NewId!, p.Value.Reason)).ToList(),
            UnchangedReason = $"ATT&CK upgrade {from.Info.Version} → {to.Info.Version}",
            IncludeUnversioned = unversioned,
            Actor = actor,
        }, ct);
        return new ReferenceMigrationReport
        {
            From = from.Info, To = to.Info, Applied = result.Succeeded, Items = items, Result = result, Errors = result.Errors,
        };
    }

    /// <summary>
    /// Why references cannot move from <paramref name="from"/> to <paramref name="to"/> (different domains, the same
    /// release twice, an older target); null when they can. Hosts ask before opening a database.
    /// </summary>
    public static string? RefusalOf(AttackCollection from, AttackCollection to)
    {
        var why = from.Info.Domain != to.Info.Domain || from.Info.Key == to.Info.Key
            ? "pick two different releases of one domain."
            // The plan follows revocations and renumbering forward; run backwards it would retarget every reference to the
            // older release while rewriting nothing, which reads as "nothing to do".
            : Version.TryParse(from.Info.Version, out var fromVersion) && Version.TryParse(to.Info.Version, out var toVersion) && toVersion < fromVersion
                ? $"{to.Info.Version} is older than {from.Info.Version}; references move only to a newer release."
                : null;
        return why is null ? null : $"Cannot migrate {from.Info.Key} → {to.Info.Key}: {why}";
    }
}
