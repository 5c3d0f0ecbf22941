namespace Tessera.Core.Threats;

/// <summary>Parameters of <see cref="TargetSetBuilder"/>.</summary>
public sealed record TargetSetOptions
{
    /// <summary>
    /// Age at which a technique use counts half. Two years: ATT&amp;CK cites reports that typically appear months to
    /// a year after the activity, and adversaries keep tooling for years, so a 2021 report still matters in 2025
    /// (weight ≈ 0.25) while outweighed by current reporting.
    /// </summary>
    public TimeSpan HalfLife { get; init; } = TimeSpan.FromDays(730);

    /// <summary>Weight of a use with no date (custom profiles, undated citations): as if reported one half-life ago.</summary>
    public double UndatedFactor { get; init; } = 0.5;

    public static TargetSetOptions Default { get; } = new();
}
