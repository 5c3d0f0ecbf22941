using Tessera.Core.Attack;
using Tessera.Core.Coverage;
using Tessera.Core.Detection;
using Tessera.Core.Detection.Registry;

namespace Tessera.Core.Tests.Coverage;

/// <summary>Builders for small coverage inputs: rules on Sysmon process creation, and an inventory around it.</summary>
internal static class CoverageFixtures
{
    public static readonly DateTimeOffset Now = new(2025, 11, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly DataRequirement ProcessCreation = new()
    {
        SourceText = "product=windows category=process_creation",
        IsMapped = true,
        DataComponents = [new DataComponentRef("DC0032", "Process Creation", "Process")],
        LogSources = [new LogSourceRequirement("WinEventLog:Sysmon", "EventCode=1"), new LogSourceRequirement("WinEventLog:Security", "EventCode=4688")],
    };

    public static RegisteredRule Rule(string technique, ValidationStatus validation = ValidationStatus.Untested, DateTimeOffset? lastTested = null,
        bool enabled = true, string? owner = null, DataRequirement? data = null, string? title = null) => new()
    {
        Id = Guid.NewGuid(),
        Rule = new DetectionRule
        {
            Source = DetectionRuleSource.Sigma,
            ExternalId = Guid.NewGuid().ToString(),
            Title = title ?? $"rule for {technique}",
            QueryText = "",
            Techniques = [TechniqueId.Parse(technique)],
            DataRequirements = [data ?? ProcessCreation],
            Owner = owner,
            Enabled = enabled,
            Validation = validation,
            LastTested = lastTested,
        },
    };

    public static DataSourceEntry Sysmon(DataSourceStatus status = DataSourceStatus.Active, DateTimeOffset? changedAt = null) => new()
    {
        Id = Guid.NewGuid(),
        Name = "Sysmon",
        Platform = "Windows",
        DataComponents = ["DC0032"],
        LogSources = [new LogSourceRequirement("WinEventLog:Sysmon", "")],
        Status = status,
        StatusChangedAt = changedAt,
    };

    public static CoverageInput Input(AttackCollection attack, IReadOnlyList<RegisteredRule> rules, params DataSourceEntry[] sources) => new()
    {
        Attack = attack,
        Rules = rules,
        DataSources = sources.Length == 0 ? [Sysmon()] : sources,
    };
}
