using System.Text.RegularExpressions;

namespace Tessera.Core.Navigator;

/// <summary>Constants and value checks of the Navigator layer format.</summary>
public static partial class LayerFormat
{
    /// <summary>The only layer format Tessera writes.</summary>
    public const string LayerVersion = "4.5";

    /// <summary>Layer 4.5 requires a Navigator of at least 4.9.0; upgraded layers get this.</summary>
    public const string MinimumNavigatorVersion = "4.9.0";

    /// <summary>Written by <see cref="LayerBuilder"/>: the version the 4.5 spec example names.</summary>
    public const string DefaultNavigatorVersion = "5.1.0";

    public static IReadOnlyList<string> Domains { get; } = ["enterprise-attack", "mobile-attack", "ics-attack"];

    public static IReadOnlyList<string> Layouts { get; } = ["side", "flat", "mini"];

    public static IReadOnlyList<string> AggregateFunctions { get; } = ["average", "min", "max", "sum"];

    public static IReadOnlyList<string> ExpandedSubtechniqueModes { get; } = ["none", "all", "annotated"];

    // #rgb and #rrggbbaa are accepted besides #rrggbb: the 4.5 spec's own multi-layer example writes #ff6666ff.
    [GeneratedRegex("^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$", RegexOptions.CultureInvariant)]
    private static partial Regex HexColor();

    /// <summary>True for <c>#rgb</c>, <c>#rrggbb</c> or <c>#rrggbbaa</c>.</summary>
    public static bool IsColor(string? text) => text is not null && HexColor().IsMatch(text);
}
