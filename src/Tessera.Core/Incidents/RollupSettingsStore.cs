using Tessera.Core.Storage;

namespace Tessera.Core.Incidents;

/// <summary><see cref="IRollupSettingsSource"/> over <see cref="ISettingsStore"/>; unreadable JSON falls back to defaults (<see cref="SettingsJson"/>).</summary>
public sealed class RollupSettingsStore(ISettingsStore settings) : IRollupSettingsSource
{
    public async Task<RollupSettings> GetAsync(CancellationToken ct) =>
        await settings.ReadJsonAsync<RollupSettings>(RollupSettings.SettingKey, ct) ?? new RollupSettings();

    public Task SetAsync(RollupSettings value, CancellationToken ct) => settings.WriteJsonAsync(RollupSettings.SettingKey, value, ct);
}
