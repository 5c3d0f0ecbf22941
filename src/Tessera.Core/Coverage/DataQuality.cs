namespace Tessera.Core.Coverage;

/// <summary>Quality scores of a data source, each 0–100 (percent of devices/fields present, of events on time, of retention target met).</summary>
public sealed record DataQuality(int Completeness, int Timeliness, int Retention)
{
    public static DataQuality Unknown { get; } = new(0, 0, 0);

    /// <summary>True when every score is within 0–100.</summary>
    public bool IsValid => Completeness is >= 0 and <= 100 && Timeliness is >= 0 and <= 100 && Retention is >= 0 and <= 100;
}
