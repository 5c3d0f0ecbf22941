using Tessera.Core.Detection;

namespace Tessera.Core.Coverage;

/// <summary>
/// One ingested log source in one environment and platform (e.g. Sysmon on production Windows endpoints), mapped
/// to ATT&amp;CK data components and v18 log sources, with its dates, quality and status.
/// </summary>
public sealed record DataSourceEntry
{
    public required Guid Id { get; init; }
    public required string Name { get; init; }

    /// <summary>ATT&amp;CK platform the source covers (<c>Windows</c>, <c>Linux</c>, <c>IaaS</c> …).</summary>
    public string Platform { get; init; } = "";
    public string Environment { get; init; } = "";

    /// <summary>Data component IDs provided (<c>DC0032</c> …).</summary>
    public IReadOnlyList<string> DataComponents { get; init; } = [];

    /// <summary>v18 log sources provided; an empty channel means every channel of that log.</summary>
    public IReadOnlyList<LogSourceRequirement> LogSources { get; init; } = [];
    public bool Ingested { get; init; } = true;
    public bool Normalized { get; init; } = true;
    public bool Queryable { get; init; } = true;
    public DateOnly? RegisteredOn { get; init; }
    public DateOnly? ConnectedOn { get; init; }
    public DataQuality Quality { get; init; } = DataQuality.Unknown;
    public DataSourceStatus Status { get; init; } = DataSourceStatus.Active;

    /// <summary>When the status last changed (a degradation or drop is dated: it drives regressions).</summary>
    public DateTimeOffset? StatusChangedAt { get; init; }
    public long Version { get; init; }

    /// <summary>Usable by rules: ingested, queryable and not dropped.</summary>
    public bool IsAvailable => Ingested && Queryable && Status != DataSourceStatus.Dropped;
}
