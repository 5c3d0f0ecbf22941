using System.Text.Json;
using Tessera.Core.Attack;
using Tessera.Core.Storage;

namespace Tessera.Server.Knowledge;

/// <summary>
/// Releases an admin loaded from a collection index, kept in the settings table so that every start (of this or
/// another instance on the same database) loads them again: without it they lived until restart.
/// </summary>
public sealed class IndexImportMemory(ISettingsStore settings, TimeProvider time)
{
    public const string SettingKey = "attack.index-imports";

    // A JSON list in one setting, changed by read-modify-write (see ChangeAsync).
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>
    /// Loads releases through <see cref="KnowledgeBaseHost.ImportFromIndexAsync"/> and remembers the versions whose
    /// bundles loaded, so the next start loads them too.
    /// </summary>
    public async Task<IndexImport> ImportAsync(KnowledgeBaseHost knowledge, string index, AttackDomain? domain, IReadOnlyList<string> versions,
        string by, CancellationToken ct)
    {
        var result = await knowledge.ImportFromIndexAsync(index, domain, versions, ct);
        var loaded = result.Loaded.Where(b => b.Succeeded).Select(b => b.Collection!.Info.Version).Distinct().ToList();
        if (loaded.Count > 0)
        {
            await RememberAsync(index, domain, loaded, by, ct);
        }

        return result;
    }

    /// <summary>Remembered releases, oldest first.</summary>
    public async Task<IReadOnlyList<RememberedRelease>> ListAsync(CancellationToken ct) =>
        Parse(await settings.GetAsync(SettingKey, ct));

    // A release already remembered is refreshed, not repeated.
    private Task RememberAsync(string index, AttackDomain? domain, IEnumerable<string> versions, string by, CancellationToken ct)
    {
        var domainName = domain?.ToStixName();
        return ChangeAsync(list =>
        {
            foreach (var version in versions)
            {
                list.RemoveAll(r => r.Same(index, domainName, version));
                list.Add(new RememberedRelease(index, domainName, version, by, time.GetUtcNow()));
            }

            return true;
        }, ct);
    }

    /// <summary>
    /// Forgets a release (it stays loaded until restart); returns what was remembered (for the audit record), or null
    /// when it was not remembered.
    /// </summary>
    public async Task<RememberedRelease?> ForgetAsync(string index, AttackDomain? domain, string version, CancellationToken ct)
    {
        var domainName = domain?.ToStixName();
        RememberedRelease? forgotten = null;
        await ChangeAsync(list =>
        {
            forgotten = list.Find(r => r.Same(index, domainName, version));
            return list.RemoveAll(r => r.Same(index, domainName, version)) > 0;
        }, ct);
        return forgotten;
    }

    // Read, change and write the list: serialised within this instance by the gate, and across instances by writing only
    // over the value that was read (another instance's change in between makes this one read and change again).
    private async Task<bool> ChangeAsync(Func<List<RememberedRelease>, bool> change, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var stored = await settings.GetAsync(SettingKey, ct);
                var list = Parse(stored).ToList();
                if (!change(list))
                {
                    return false;
                }

                if (await settings.ReplaceAsync(SettingKey, stored, JsonSerializer.Serialize(list, Json), ct))
                {
                    return true;
                }

                if (attempt == MaxAttempts)
                {
                    throw new InvalidOperationException($"the setting {SettingKey} kept changing; {MaxAttempts} attempts to change it failed");
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    // Each lost attempt is another instance's change stored, so the loop ends; the cap only guards against a bug.
    private const int MaxAttempts = 50;

    /// <summary>
    /// Loads every remembered release into <paramref name="knowledge"/>, one index read per index and domain.
    /// Returns one message per failure (unreadable index, release gone, bundle errors); the others still load.
    /// </summary>
    public async Task<IReadOnlyList<string>> ReloadAsync(KnowledgeBaseHost knowledge, CancellationToken ct) =>
        await LoadAsync(knowledge, await ListAsync(ct), ct);

    /// <summary>Loads the given remembered releases (see <see cref="ReloadAsync"/>); returns one message per failure.</summary>
    public static async Task<IReadOnlyList<string>> LoadAsync(KnowledgeBaseHost knowledge, IReadOnlyList<RememberedRelease> releases, CancellationToken ct)
    {
        var errors = new List<string>();
        foreach (var group in releases.GroupBy(r => (r.Index, r.Domain)))
        {
            AttackDomain? domain = null;
            if (group.Key.Domain is { } name)
            {
                if (!AttackDomains.TryParse(name, out var parsed))
                {
                    errors.Add($"Remembered index import '{group.Key.Index}': unknown domain '{name}'.");
                    continue;
                }

                domain = parsed;
            }

            var import = await knowledge.ImportFromIndexAsync(group.Key.Index, domain, group.Select(r => r.Version).ToList(), ct);
            errors.AddRange(import.AllErrors().Select(e => $"Remembered index import '{group.Key.Index}': {e}"));
        }

        return errors;
    }

    /// <summary>
    /// Whether <paramref name="knowledge"/> has the release loaded: a collection of that version (and domain, when the
    /// release names one; a release remembered for all domains counts as loaded once any domain of that version is).
    /// </summary>
    public static bool IsLoaded(KnowledgeBaseHost knowledge, RememberedRelease release) =>
        knowledge.Collections.Any(c => c.Info.Version == release.Version
            && (release.Domain is null || string.Equals(c.Info.Domain.ToStixName(), release.Domain, StringComparison.OrdinalIgnoreCase)));

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // A value that no longer parses (edited by hand) is treated as empty rather than blocking start-up; the next
    // remember overwrites it.
    private static IReadOnlyList<RememberedRelease> Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<RememberedRelease>>(value, Json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}

/// <summary>One release loaded from a collection index: where the index is, which domain (STIX name; null = all) and version.</summary>
public sealed record RememberedRelease(string Index, string? Domain, string Version, string RememberedBy, DateTimeOffset RememberedAt)
{
    internal bool Same(string index, string? domain, string version) =>
        string.Equals(Index, index, StringComparison.Ordinal) && string.Equals(Domain, domain, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Version, version, StringComparison.Ordinal);
}
