using System.Text.Json;
using Tessera.Core.Storage;

namespace Tessera.Core.Incidents;

/// <summary><see cref="IRollupSettingsSource"/> over <see cref="ISettingsStore"/>; unreadable JSON falls back to defaults.</summary>
public sealed class RollupSettingsStore(ISettingsStore settings) : IRollupSettingsSource
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<RollupSettings> GetAsync(CancellationToken ct)
    {
        var text = await settings.GetAsync(RollupSettings.SettingKey, ct);
        if (text is null)
        {
            return new RollupSettings();
        }

        try
        {
            return JsonSerializer.Deserialize<RollupSettings>(text, Json) ?? new RollupSettings();
        }
        catch (JsonException)
        {
            // A hand-edited setting must not break every incident write; defaults are the documented behaviour.
            return new RollupSettings();
        }
    }

    public Task SetAsync(RollupSettings value, CancellationToken ct) =>
        settings.SetAsync(RollupSettings.SettingKey, JsonSerializer.Serialize(value, Json), ct);
}
