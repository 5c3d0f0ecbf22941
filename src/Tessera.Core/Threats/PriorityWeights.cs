namespace Tessera.Core.Threats;

/// <summary>
/// Weights and saturation points of <see cref="PriorityScore"/>. Weights are normalised by their sum, so only
/// their ratios matter; the defaults put threat intelligence first, then the coverage gap, then exposure, then
/// incident history (incidents are few and already handled, exposures are open doors).
/// </summary>
public sealed record PriorityWeights
{
    public double Actor { get; init; } = 0.4;

    public double Gap { get; init; } = 0.3;

    public double Exposure { get; init; } = 0.2;

    public double Incidents { get; init; } = 0.1;

    /// <summary>Exposure count at which the exposure term reaches 0.5 (term = n / (n + this)).</summary>
    public double ExposureHalfSaturation { get; init; } = 5;

    /// <summary>Incident count at which the incident term reaches 0.5 (term = n / (n + this)).</summary>
    public double IncidentHalfSaturation { get; init; } = 3;

    public static PriorityWeights Default { get; } = new();

    internal double Sum => Actor + Gap + Exposure + Incidents;
}
