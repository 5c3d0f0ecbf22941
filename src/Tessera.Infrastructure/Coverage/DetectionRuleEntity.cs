using Tessera.Infrastructure.Storage.Entities;

namespace Tessera.Infrastructure.Coverage;

public sealed class DetectionRuleEntity : IVersionedEntity
{
    public Guid Id { get; set; }
    public required string Source { get; set; }
    public required string ExternalId { get; set; }
    public required string Title { get; set; }
    public required string QueryText { get; set; }

    /// <summary>"T1059|T1059.001": the engine reads tags without a join; <see cref="Techniques"/> serves filters.</summary>
    public required string TechniquesText { get; set; }

    /// <summary>"|execution|stealth|": delimited so a LIKE on "|name|" matches whole names only.</summary>
    public required string TacticsText { get; set; }
    public required string DataRequirementsJson { get; set; }

    /// <summary>Lower-case labels of log sources, data components and Sigma logsource text, for the data source filter.</summary>
    public required string DataSourceText { get; set; }
    public string? Level { get; set; }
    public string? Owner { get; set; }
    public bool Enabled { get; set; }
    public required string Validation { get; set; }
    public DateTimeOffset? LastTestedAt { get; set; }
    public string? Evidence { get; set; }
    public string? SourceFile { get; set; }
    public required string ContentHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }
    public List<DetectionRuleTechniqueEntity> Techniques { get; set; } = [];
}

public sealed class DetectionRuleTechniqueEntity
{
    public Guid RuleId { get; set; }
    public required string TechniqueId { get; set; }
}

public sealed class DetectionRuleHistoryEntity
{
    public long Id { get; set; }
    public Guid RuleId { get; set; }
    public required string Kind { get; set; }
    public required string Summary { get; set; }
    public string? Actor { get; set; }
    public DateTimeOffset At { get; set; }
}
