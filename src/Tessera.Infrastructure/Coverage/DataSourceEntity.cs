using Tessera.Infrastructure.Storage.Entities;

namespace Tessera.Infrastructure.Coverage;

public sealed class DataSourceEntity : IVersionedEntity
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string Platform { get; set; }
    public required string Environment { get; set; }
    public required string DataComponentsText { get; set; }
    public required string LogSourcesJson { get; set; }
    public bool Ingested { get; set; }
    public bool Normalized { get; set; }
    public bool Queryable { get; set; }
    public DateOnly? RegisteredOn { get; set; }
    public DateOnly? ConnectedOn { get; set; }
    public int Completeness { get; set; }
    public int Timeliness { get; set; }
    public int Retention { get; set; }
    public required string Status { get; set; }
    public DateTimeOffset? StatusChangedAt { get; set; }
    public long Version { get; set; }
}

public sealed class DataSourceEventEntity
{
    public long Id { get; set; }
    public Guid DataSourceId { get; set; }
    public required string Status { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Reason { get; set; }
    public string? Actor { get; set; }
}

public sealed class CoverageSnapshotEntity
{
    public long Id { get; set; }
    public DateTimeOffset TakenAt { get; set; }
    public required string CollectionKey { get; set; }
    public int Validated { get; set; }
    public int Total { get; set; }
    public required string CountsJson { get; set; }
    public required string StatesJson { get; set; }
    public required string Note { get; set; }
}
