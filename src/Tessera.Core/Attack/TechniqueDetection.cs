namespace Tessera.Core.Attack;

/// <summary>
/// How a technique can be detected in one release. ATT&amp;CK v18 uses detection strategies → analytics →
/// log sources → data components (<see cref="Strategies"/>); 17.x and earlier list data components that
/// <c>detect</c> the technique, under data sources (<see cref="Components"/>). A release fills one or both.
/// </summary>
public sealed record TechniqueDetection(
    Technique Technique,
    IReadOnlyList<DetectionStrategyView> Strategies,
    IReadOnlyList<DetectingComponent> Components)
{
    /// <summary>Every data component either model names, without duplicates.</summary>
    public IReadOnlyList<DataComponent> AllComponents =>
        Strategies.SelectMany(s => s.Analytics).SelectMany(a => a.LogSources).Select(l => l.Component)
            .Concat(Components.Select(c => c.Component))
            .OfType<DataComponent>().Distinct().ToList();
}

public sealed record DetectionStrategyView(DetectionStrategy Strategy, IReadOnlyList<AnalyticView> Analytics);

public sealed record AnalyticView(Analytic Analytic, IReadOnlyList<LogSourceView> LogSources);

/// <summary>A log source an analytic reads, with the data component it belongs to (null if the bundle lacks it).</summary>
public sealed record LogSourceView(string Name, string? Channel, DataComponent? Component);

/// <summary>17.x: a data component that detects the technique, its parent data source, and the relationship text.</summary>
public sealed record DetectingComponent(DataComponent Component, DataSource? Source, string Description);
