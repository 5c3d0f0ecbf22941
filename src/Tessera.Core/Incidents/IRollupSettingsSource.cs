namespace Tessera.Core.Incidents;

/// <summary>Reads and writes <see cref="RollupSettings"/> (stored as a JSON setting).</summary>
public interface IRollupSettingsSource
{
    Task<RollupSettings> GetAsync(CancellationToken ct);

    Task SetAsync(RollupSettings settings, CancellationToken ct);
}
