using Tessera.Core.Attack;
using Tessera.Core.Coverage;
using Tessera.Core.Detection.Atomic;
using Tessera.Core.Detection.Validation;
using Tessera.Server.Knowledge;

namespace Tessera.Server.Components.Coverage;

/// <summary>Loads what the coverage pages show, so each page injects one service instead of six stores.</summary>
public sealed class CoverageViewService(
    CoverageService coverage, KnowledgeBaseHost knowledge, IDataSourceInventory inventory, IAtomicTestStore atomics,
    IValidationStore validations, ICoverageSnapshotStore snapshots, NewerTechniqueSource newer)
{
    public AttackCollection? Attack => knowledge.Latest(AttackDomain.Enterprise);

    /// <summary>The newer technique of this ID that <see cref="Attack"/> knows under another ID (T1685 → T1562.001), or null.</summary>
    public NewerTechnique? Renumbered(TechniqueId id) =>
        Attack is { } attack && newer.For(attack).Find(id.Value) is { SameAsId: not null } n ? n : null;

    public IDataSourceInventory Inventory => inventory;

    /// <summary>The report for the dashboard (rule filters applied) and the trend; null when no Enterprise collection is loaded.</summary>
    public async Task<(CoverageReport Report, IReadOnlyList<CoverageSnapshot> Trend)?> DashboardAsync(CoverageFilter filter, CancellationToken ct)
    {
        if (Attack is not { } attack)
        {
            return null;
        }

        var report = await coverage.ComputeAsync(attack, filter, ct);
        return (report, await snapshots.ListAsync(attack.Info.Key, 30, ct));
    }

    /// <summary>Everything the technique drill-down shows; null when the ID is neither in the collection nor on a rule.</summary>
    public async Task<TechniqueDrillDown?> TechniqueAsync(TechniqueId id, CancellationToken ct)
    {
        if (Attack is not { } attack)
        {
            return null;
        }

        var report = await coverage.ComputeAsync(attack, null, ct);
        if (report.Find(id.Value) is not { } technique)
        {
            return null;
        }

        // A newer release's ID (T1685) finds the technique the collection knows it as (T1562.001): show that one.
        id = technique.Id;
        var (tests, runs) = await Api.Coverage.TechniqueTests.LoadAsync(atomics, validations, id, technique, ct);
        return new TechniqueDrillDown
        {
            CollectionKey = attack.Info.Key,
            Technique = technique,
            Description = attack.FindTechnique(id)?.Description ?? "",
            RequiredData = TechniqueDataRequirements.For(attack, id, await inventory.ListAsync(ct)),
            AtomicTests = tests,
            Runs = runs,
            History = (await snapshots.ListAsync(attack.Info.Key, 30, ct)).Select(s => new TechniqueStateAt(s.TakenAt, s.Note, s.StateOf(id.Value))).ToList(),
        };
    }
}

/// <summary>A technique's coverage with its data requirements, tests, runs and state history.</summary>
public sealed record TechniqueDrillDown
{
    public required string CollectionKey { get; init; }
    public required TechniqueCoverage Technique { get; init; }
    public required string Description { get; init; }
    public required IReadOnlyList<RequiredData> RequiredData { get; init; }
    public required IReadOnlyList<AtomicTest> AtomicTests { get; init; }
    public required IReadOnlyList<ValidationRun> Runs { get; init; }
    // A record, not a tuple: the page carries this from prerendering into the circuit as JSON, which leaves tuple fields out.
    public required IReadOnlyList<TechniqueStateAt> History { get; init; }
}

/// <summary>The technique's state in one coverage snapshot.</summary>
public sealed record TechniqueStateAt(DateTimeOffset At, string Note, CoverageState State);
