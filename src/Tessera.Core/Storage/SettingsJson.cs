using System.Text.Json;

namespace Tessera.Core.Storage;

/// <summary>
/// Settings kept in <see cref="ISettingsStore"/> as JSON (web names: camelCase). A stored value that is not readable JSON
/// reads as absent, so the caller's defaults apply: a setting edited by hand in the database must not break every page
/// and write that reads it.
/// </summary>
public static class SettingsJson
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The value stored under <paramref name="key"/>; null when none is stored or it is not readable as <typeparamref name="T"/>.</summary>
    public static async Task<T?> ReadJsonAsync<T>(this ISettingsStore store, string key, CancellationToken ct) where T : class
    {
        if (await store.GetAsync(key, ct).ConfigureAwait(false) is not { } json)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Characters <paramref name="value"/> takes as stored JSON (checked against <see cref="ISettingsStore.MaxValueLength"/> before a write).</summary>
    public static int Length<T>(T value) => JsonSerializer.Serialize(value, Json).Length;

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/> as JSON, replacing what was there.</summary>
    public static Task WriteJsonAsync<T>(this ISettingsStore store, string key, T value, CancellationToken ct) =>
        store.SetAsync(key, JsonSerializer.Serialize(value, Json), ct);
}
