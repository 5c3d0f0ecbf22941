using Tessera.Core.Attack;
using Tessera.Core.Detection.Registry;
using Tessera.Core.Detection.Validation;
using Tessera.Core.Storage;

namespace Tessera.Core.Coverage;

/// <summary>
/// Loads the engine's inputs from storage and runs <see cref="CoverageEngine"/>; also takes snapshots. The server
/// and the CLI share it so both compute coverage the same way. <paramref name="newer"/> names IDs newer than the
/// collection (from Atomic Red Team content), so rules tagged with a renumbered v19 ID count for the collection's technique.
/// </summary>
public sealed class CoverageService(
    IRuleRegistry rules, IValidationStore validations, IDataSourceInventory inventory, ISettingsStore settings, TimeProvider time,
    NewerTechniqueSource newer)
{
    /// <summary>Reads rules, runs, inventory and settings for <paramref name="attack"/>.</summary>
    public async Task<CoverageInput> LoadInputAsync(AttackCollection attack, CancellationToken ct)
    {
        var config = await CoverageSettings.LoadAsync(settings, ct).ConfigureAwait(false);
        return new CoverageInput
        {
            Attack = attack,
            Rules = await rules.ListForCoverageAsync(ct).ConfigureAwait(false),
            Runs = await validations.ListForCoverageAsync(ct).ConfigureAwait(false),
            DataSources = await inventory.ListAsync(ct).ConfigureAwait(false),
            Cadence = config.Cadence,
            Newer = newer.For(attack),
            Priority = config.PriorityList.Count > 0
                ? config.PriorityList.ToHashSet(StringComparer.OrdinalIgnoreCase)
                : PriorityTechniques.FromGroupUsage(attack, config.PriorityMinGroups),
        };
    }

    /// <summary>Coverage now, counting the rules <paramref name="filter"/> selects.</summary>
    public async Task<CoverageReport> ComputeAsync(AttackCollection attack, CoverageFilter? filter, CancellationToken ct) =>
        CoverageEngine.Compute(await LoadInputAsync(attack, ct).ConfigureAwait(false), time, filter);

    /// <summary>Computes unfiltered coverage and stores it as a snapshot.</summary>
    public async Task<CoverageSnapshot> SnapshotAsync(AttackCollection attack, string note, ICoverageSnapshotStore store, CancellationToken ct)
    {
        var report = await ComputeAsync(attack, null, ct).ConfigureAwait(false);
        return await store.AddAsync(CoverageSnapshot.From(report, note), ct).ConfigureAwait(false);
    }
}
