namespace Tessera.Core.Navigator;

/// <summary>The <c>layout</c> object; null members mean the Navigator default.</summary>
public sealed record LayerLayout
{
    /// <summary>"side" (default), "flat" or "mini".</summary>
    public string? Layout { get; init; }

    /// <summary>Default false.</summary>
    public bool? ShowId { get; init; }

    /// <summary>Default true.</summary>
    public bool? ShowName { get; init; }

    /// <summary>Default false.</summary>
    public bool? ShowAggregateScores { get; init; }

    /// <summary>Default false.</summary>
    public bool? CountUnscored { get; init; }

    /// <summary>"average" (default), "min", "max" or "sum".</summary>
    public string? AggregateFunction { get; init; }

    /// <summary>"none" (default), "all" or "annotated".</summary>
    public string? ExpandedSubtechniques { get; init; }
}
