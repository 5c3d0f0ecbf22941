namespace Tessera.Core.Detection.Sigma;

/// <summary>
/// A rule's <c>detection</c> section kept as written: named searches and the condition text. Nothing is
/// compiled to a query here; backends and the coverage engine interpret it later.
/// </summary>
public sealed record SigmaDetection
{
    /// <summary>Search identifiers in file order (<c>selection</c>, <c>filter_main_*</c> …).</summary>
    public required IReadOnlyList<SigmaSearch> Searches { get; init; }

    /// <summary>The condition; a list only in legacy rules that give several conditions (OR-ed).</summary>
    public required IReadOnlyList<string> Conditions { get; init; }

    /// <summary>Legacy aggregation window (<c>timeframe</c>), if present.</summary>
    public string? Timeframe { get; init; }
}

/// <summary>The YAML shape a search was written in.</summary>
public enum SigmaSearchKind
{
    /// <summary>A map of field matches, AND-ed.</summary>
    Map,
    /// <summary>A list of maps, OR-ed.</summary>
    ListOfMaps,
    /// <summary>A list of keyword values (or one keyword), searched in the whole event.</summary>
    Keywords,
}

/// <summary>One named search. For <see cref="SigmaSearchKind.Map"/> <see cref="Groups"/> has one element.</summary>
public sealed record SigmaSearch
{
    public required string Name { get; init; }
    public required SigmaSearchKind Kind { get; init; }

    /// <summary>Field-match groups: matches within a group are AND-ed, groups are OR-ed.</summary>
    public IReadOnlyList<IReadOnlyList<SigmaFieldMatch>> Groups { get; init; } = [];

    /// <summary>Keyword values for <see cref="SigmaSearchKind.Keywords"/>; null entries are YAML nulls.</summary>
    public IReadOnlyList<string?> Keywords { get; init; } = [];

    public int Line { get; init; }
}

/// <summary>
/// One <c>Field|mod1|mod2: values</c> entry. Values are scalar texts as written (null for YAML null);
/// several values are OR-ed unless the <c>all</c> modifier is present.
/// </summary>
public sealed record SigmaFieldMatch
{
    /// <summary>Field name; empty for a keyword match with modifiers (<c>|contains: …</c>).</summary>
    public required string Field { get; init; }
    public IReadOnlyList<string> Modifiers { get; init; } = [];
    public required IReadOnlyList<string?> Values { get; init; }
    public int Line { get; init; }
}
