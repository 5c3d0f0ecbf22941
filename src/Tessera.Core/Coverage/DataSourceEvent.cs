namespace Tessera.Core.Coverage;

/// <summary>A dated status change of a data source (registered, degraded, dropped, restored) and why.</summary>
public sealed record DataSourceEvent(long Id, Guid DataSourceId, DataSourceStatus Status, DateTimeOffset At, string Reason, string? Actor);
