namespace Tessera.Infrastructure.Coverage;

/// <summary>One technique's regression in one change; rules and data sources as JSON (read with the row, never queried).</summary>
public sealed class CoverageRegressionEntity
{
    public long Id { get; set; }
    public Guid ChangeId { get; set; }
    public DateTimeOffset DetectedAt { get; set; }
    public required string Trigger { get; set; }
    public string? Actor { get; set; }
    public required string CollectionKey { get; set; }
    public required string TechniqueId { get; set; }
    public required string TechniqueName { get; set; }
    public bool IsPriority { get; set; }
    public required string Before { get; set; }
    public required string After { get; set; }
    public required string Cause { get; set; }
    public required string RulesJson { get; set; }
    public required string DataSourcesJson { get; set; }
}
