using Tessera.Core.Attack;
using Tessera.Core.Coverage;
using Tessera.Core.Detection;
using Tessera.Core.Detection.Registry;
using Tessera.Core.Detection.Validation;

namespace Tessera.Server.Api.Coverage;

/// <summary>A technique tag as shown: flagged "not in &lt;collection&gt;" when the loaded release lacks it (kept, never dropped).</summary>
public sealed record TechniqueTagView(string Id, string? Name, string? Flag)
{
    public static IReadOnlyList<TechniqueTagView> Of(IEnumerable<TechniqueId> ids, AttackCollection? attack) =>
        ids.Select(id => attack?.FindTechnique(id) is { } t
            ? new TechniqueTagView(id.Value, t.Name, null)
            : new TechniqueTagView(id.Value, null, attack is null ? null : $"not in {attack.Info.Key}")).ToList();
}

public sealed record RuleView(
    Guid Id, DetectionRuleSource Source, string ExternalId, string Title, IReadOnlyList<TechniqueTagView> Techniques, IReadOnlyList<string> Tactics,
    IReadOnlyList<string> DataSources, string? Level, string? Owner, bool Enabled, ValidationStatus Validation, DateTimeOffset? LastTested,
    string? Evidence, string? SourceFile, long Version)
{
    public static RuleView Of(RegisteredRule r, AttackCollection? attack) => new(
        r.Id, r.Rule.Source, r.Rule.ExternalId, r.Rule.Title, TechniqueTagView.Of(r.Rule.Techniques, attack), r.Rule.Tactics,
        r.Rule.DataRequirements.Select(DataSourceMatcher.Describe).ToList(), r.Rule.Level, r.Rule.Owner, r.Rule.Enabled, r.EffectiveValidation,
        r.Rule.LastTested, r.Evidence, r.SourceFile, r.Version);
}

public sealed record RuleDetailView(RuleView Rule, string QueryText, IReadOnlyList<DataRequirement> DataRequirements, IReadOnlyList<RuleChange> History);

public sealed record RulePageView(IReadOnlyList<RuleView> Items, int Total);

public sealed record SigmaFileDto(string Path, string Content);

public sealed record SigmaImportRequest(IReadOnlyList<SigmaFileDto> Files, bool Strict = false, string? Owner = null);

public sealed record RejectionView(string File, IReadOnlyList<string> Errors);

/// <summary>
/// A Sigma import's outcome, the same for the API, the Coverage setup page and <c>tessera rules import --json</c>.
/// <c>WarningDetails</c> holds every warning's text (unknown techniques, a rule without an id registered under its
/// path …): warnings do not stop the import, so a count alone would hide what was flagged.
/// </summary>
public sealed record ImportResultView(bool Committed, int FilesScanned, int FilesRejected, int Created, int Updated, int Unchanged, int Warnings,
    IReadOnlyList<string> WarningDetails, IReadOnlyList<RejectionView> Rejections)
{
    public static ImportResultView Of(RegistryImportResult r) => new(r.Committed, r.FilesScanned, r.FilesRejected,
        r.Saved?.Created ?? 0, r.Saved?.Updated ?? 0, r.Saved?.Unchanged ?? 0, r.Warnings.Count,
        r.Warnings.Select(w => w.ToString()).ToList(),
        r.Rejections.Select(x => new RejectionView(x.File, x.Errors.Select(e => e.ToString()).ToList())).ToList());
}

public sealed record RuleEditRequest(long? Version, string? Owner, bool? ClearOwner, bool? Enabled);

public sealed record ValidationRunDto(string Test, Guid? TestGuid, string Technique, DateTimeOffset ExecutedAt, string? Host, ValidationOutcome Outcome,
    IReadOnlyList<string>? FiredRules, string? Tool, string? Evidence);

public sealed record ValidationBatchRequest(IReadOnlyList<ValidationRunDto> Runs);

public sealed record AtomicLogRequest(string Format, string Content, ValidationOutcome Outcome = ValidationOutcome.Pending, IReadOnlyList<string>? FiredRules = null, string? FileName = null);

public sealed record RuleChangeView(Guid RuleId, ValidationStatus Status, DateTimeOffset TestedAt, string Evidence);

/// <summary><see cref="Recorded"/> runs stored; <see cref="Unchanged"/> runs whose identical result was stored already (not stored again).</summary>
public sealed record ValidationResultView(int Recorded, IReadOnlyList<RuleChangeView> RuleChanges, IReadOnlyList<string> Warnings, int Unchanged = 0);

public sealed record ValidationRunView(Guid Id, string Source, Guid? TestGuid, string TestName, TechniqueTagView Technique, DateTimeOffset ExecutedAt,
    string Host, ValidationOutcome Outcome, IReadOnlyList<string> FiredRules, bool IsKnownTest, string? Evidence)
{
    public static ValidationRunView Of(ValidationRun r, AttackCollection? attack) => new(r.Id, r.Source, r.TestGuid, r.TestName,
        TechniqueTagView.Of([r.Technique], attack)[0], r.ExecutedAt, r.Host, r.Outcome, r.FiredRules, r.IsKnownTest, r.Evidence);
}

public sealed record DataSourceRequest(
    string Name, string? Platform, string? Environment, IReadOnlyList<string>? DataComponents, IReadOnlyList<string>? LogSources,
    bool Ingested = true, bool Normalized = true, bool Queryable = true, DateOnly? RegisteredOn = null, DateOnly? ConnectedOn = null,
    int Completeness = 0, int Timeliness = 0, int Retention = 0);

public sealed record DataSourceStatusRequest(long? Version, DataSourceStatus? Status, DateTimeOffset? At, string Reason);

public sealed record DataSourceDetailView(DataSourceEntry Source, IReadOnlyList<DataSourceEvent> Events);

public sealed record TechniqueStateView(string Id, string Name, CoverageState State, bool RolledUp, bool Priority, bool InCollection,
    IReadOnlyList<string> Tactics, int Rules, int TestRuns, DateTimeOffset? LastTested, IReadOnlyList<string> Owners, IReadOnlyList<string> NewerIds)
{
    public static TechniqueStateView Of(TechniqueCoverage t) => new(t.Id.Value, t.Name, t.State, t.RolledUp, t.IsPriority, t.InCollection, t.Tactics,
        t.AllRules.Count, t.TestRuns, t.LastTested, t.Owners, t.NewerIds);
}

public sealed record CoverageView(string Collection, DateTimeOffset ComputedAt, CoverageCounts All, CoverageCounts Priority, IReadOnlyList<CoverageCounts> ByTactic,
    IReadOnlyList<CoverageCounts> ByPlatform, IReadOnlyList<RuleCounts> ByDataSource, IReadOnlyList<RuleCounts> ByOwner,
    IReadOnlyList<TechniqueStateView> Techniques, IReadOnlyList<TechniqueStateView> UnknownTechniques);

/// <summary>A rule's coverage evaluation with technique IDs as text (TechniqueId's Parent would make JSON recurse).</summary>
public sealed record RuleCoverageView(Guid RuleId, string Title, string ExternalId, string Source, string? Owner, RuleState State, IReadOnlyList<string> Techniques,
    DateTimeOffset? LastTested, DateTimeOffset? DueAt, IReadOnlyList<string> MissingData, IReadOnlyList<string> DataSources, DateTimeOffset? DegradedSince)
{
    public static IReadOnlyList<RuleCoverageView> Of(IEnumerable<RuleCoverage> rules) => rules.Select(r => new RuleCoverageView(r.RuleId, r.Title, r.ExternalId,
        r.Source.ToString(), r.Owner, r.State, r.Techniques.Select(t => t.Value).ToList(), r.LastTested, r.DueAt, r.MissingData, r.DataSources, r.DegradedSince)).ToList();
}

public sealed record TechniqueDetailView(TechniqueStateView Technique, IReadOnlyList<RuleCoverageView> Rules, IReadOnlyList<RuleCoverageView> SubtechniqueRules,
    IReadOnlyList<RequiredData> RequiredData, IReadOnlyList<AtomicTestView> AtomicTests, IReadOnlyList<ValidationRunView> Runs,
    IReadOnlyList<StateAtView> History);

public sealed record AtomicTestView(Guid Guid, int Number, string Name, IReadOnlyList<string> Platforms, string Executor);

public sealed record StateAtView(DateTimeOffset At, CoverageState State);

public sealed record OverdueView(Guid RuleId, string Title, string? Owner, DateTimeOffset? LastTested, DateTimeOffset DueAt, string Reason);

public sealed record SnapshotRequest(string? Note);

public sealed record SnapshotView(long Id, DateTimeOffset TakenAt, string Collection, CoverageCounts All, CoverageCounts Priority, string Note)
{
    public static SnapshotView Of(CoverageSnapshot s) => new(s.Id, s.TakenAt, s.CollectionKey, s.All, s.Priority, s.Note);
}

public sealed record DettectImportRequest(string FileName, string Content, bool SetPriority = false);

public sealed record DettectImportView(string FileType, int DataSourcesAdded, int DataSourcesSkipped, int RulesCreated, int RulesUpdated, int PriorityTechniques,
    IReadOnlyList<string> Notes, IReadOnlyList<Tessera.Core.Dettect.DettectMappedItem> Mapped, IReadOnlyList<Tessera.Core.Dettect.DettectUnmappedItem> NotMapped);
