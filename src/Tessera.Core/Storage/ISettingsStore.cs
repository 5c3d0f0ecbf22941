namespace Tessera.Core.Storage;

/// <summary>Application settings as string key/value pairs (callers own the value format, e.g. JSON).</summary>
public interface ISettingsStore
{
    /// <summary>Longest key accepted; keys are dotted names like <c>coverage.default-source</c>.</summary>
    const int MaxKeyLength = 200;

    /// <summary>Largest value accepted: settings are small; bulk data belongs in its own table.</summary>
    const int MaxValueLength = 64 * 1024;

    /// <summary>The value for <paramref name="key"/>, or null when unset.</summary>
    Task<string?> GetAsync(string key, CancellationToken ct);

    /// <summary>Inserts or replaces a value.</summary>
    /// <exception cref="ArgumentException">When the key is empty or too long, or the value too long.</exception>
    Task SetAsync(string key, string value, CancellationToken ct);

    /// <summary>
    /// Sets the value only when the stored one is still <paramref name="expected"/> (null: not set); false, with nothing
    /// written, when another writer changed it since it was read. Read-modify-write callers loop on it.
    /// </summary>
    /// <exception cref="ArgumentException">When the key is empty or too long, or the value too long.</exception>
    Task<bool> ReplaceAsync(string key, string? expected, string value, CancellationToken ct);

    /// <summary>Deletes a value; false when it was not set.</summary>
    Task<bool> RemoveAsync(string key, CancellationToken ct);

    /// <summary>Every setting, ordered by key.</summary>
    Task<IReadOnlyDictionary<string, string>> ListAsync(CancellationToken ct);
}
