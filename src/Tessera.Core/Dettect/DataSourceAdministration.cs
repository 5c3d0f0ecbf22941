using Tessera.Core.Attack;

namespace Tessera.Core.Dettect;

/// <summary>A data source administration file: which data sources are collected, where, and how well.</summary>
public sealed record DataSourceAdministration : DettectDocument
{
    /// <summary>Named groups of systems that <c>applicable_to</c> values refer to.</summary>
    public IReadOnlyList<DettectSystem> Systems { get; init; } = [];

    public required IReadOnlyList<DettectDataSource> DataSources { get; init; }

    /// <summary>Techniques DeTT&amp;CT leaves out of its visibility heat map.</summary>
    public IReadOnlyList<TechniqueId> Exceptions { get; init; } = [];
}

/// <summary>A named set of systems (e.g. "Windows workstations") and its platforms.</summary>
public sealed record DettectSystem(string ApplicableTo, IReadOnlyList<string> Platforms);

/// <summary>One data source (an ATT&amp;CK data component name or a DeTT&amp;CT-specific one) with per-system entries.</summary>
public sealed record DettectDataSource
{
    public required string Name { get; init; }

    public required IReadOnlyList<DettectDataSourceEntry> Entries { get; init; }

    public required int Line { get; init; }
}

/// <summary>Collection of a data source on the systems in <see cref="ApplicableTo"/>.</summary>
public sealed record DettectDataSourceEntry
{
    public required IReadOnlyList<string> ApplicableTo { get; init; }

    public DateOnly? DateRegistered { get; init; }

    public DateOnly? DateConnected { get; init; }

    public IReadOnlyList<string> Products { get; init; } = [];

    /// <summary>Whether the data reaches the analytics platform (e.g. the SIEM); false means collected but unusable for rules.</summary>
    public required bool AvailableForDataAnalytics { get; init; }

    public string? Comment { get; init; }

    public required DettectDataQuality Quality { get; init; }
}

/// <summary>DeTT&amp;CT's five data quality dimensions, each 0 (none) to 5 (excellent).</summary>
public sealed record DettectDataQuality(int DeviceCompleteness, int DataFieldCompleteness, int Timeliness, int Consistency, int Retention)
{
    /// <summary>Mean of the five dimensions, 0 to 5.</summary>
    public double Average => (DeviceCompleteness + DataFieldCompleteness + Timeliness + Consistency + Retention) / 5.0;
}
