namespace Tessera.Core.Navigator;

/// <summary>The score colour scale: at least two colours spread from <see cref="MinValue"/> to <see cref="MaxValue"/>.</summary>
public sealed record LayerGradient
{
    public required IReadOnlyList<string> Colors { get; init; }

    public required double MinValue { get; init; }

    /// <summary>Must be greater than <see cref="MinValue"/>.</summary>
    public required double MaxValue { get; init; }

    /// <summary>The Navigator's default red, yellow, green scale over the given range.</summary>
    public static LayerGradient RedToGreen(double minValue, double maxValue) =>
        new() { Colors = ["#ff6666", "#ffe766", "#8ec843"], MinValue = minValue, MaxValue = maxValue };
}
