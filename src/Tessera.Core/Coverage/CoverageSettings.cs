using Tessera.Core.Storage;

namespace Tessera.Core.Coverage;

/// <summary>
/// Coverage settings kept in <see cref="ISettingsStore"/> as JSON under <see cref="Key"/>: the validation cadence
/// (days) and the priority scope (group threshold, or a saved list of technique IDs that replaces it).
/// </summary>
public sealed record CoverageSettings
{
    public const string Key = "coverage.settings";

    public int DefaultCadenceDays { get; init; } = 180;
    public int PriorityCadenceDays { get; init; } = 90;
    public IReadOnlyDictionary<string, int> OwnerCadenceDays { get; init; } = new Dictionary<string, int>();
    public int PriorityMinGroups { get; init; } = PriorityTechniques.DefaultMinGroups;

    /// <summary>Longest priority list: every technique and sub-technique of one domain, with room to spare.</summary>
    public const int MaxPriorityList = 2000;

    public const int MaxOwners = 500;

    public const int MaxOwnerLength = 200;

    /// <summary>When non-empty, the priority scope is exactly these IDs (e.g. a threat profile).</summary>
    public IReadOnlyList<string> PriorityList { get; init; } = [];

    public CadencePolicy Cadence => new()
    {
        Default = TimeSpan.FromDays(DefaultCadenceDays),
        Priority = TimeSpan.FromDays(PriorityCadenceDays),
        ByOwner = OwnerCadenceDays.ToDictionary(p => p.Key, p => TimeSpan.FromDays(p.Value), StringComparer.OrdinalIgnoreCase),
    };

    /// <summary>Messages for out-of-range values; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (DefaultCadenceDays is < 1 or > 3650 || PriorityCadenceDays is < 1 or > 3650 || OwnerCadenceDays.Values.Any(d => d is < 1 or > 3650))
        {
            errors.Add("cadences must be 1..3650 days");
        }

        if (PriorityMinGroups < 1)
        {
            errors.Add("priorityMinGroups must be at least 1");
        }

        if (PriorityList.Count > MaxPriorityList)
        {
            errors.Add($"priorityList has {PriorityList.Count} entries; at most {MaxPriorityList}");
            return errors;
        }

        if (OwnerCadenceDays.Count > MaxOwners || OwnerCadenceDays.Keys.Any(owner => string.IsNullOrWhiteSpace(owner) || owner.Length > MaxOwnerLength))
        {
            errors.Add($"ownerCadenceDays takes at most {MaxOwners} owners, each named in 1..{MaxOwnerLength} characters");
            return errors;
        }

        errors.AddRange(PriorityList.Where(id => !Attack.TechniqueId.TryParse(id, out _)).Select(id => $"'{id}' is not a technique ID"));
        if (errors.Count == 0 && SettingsJson.Length(this) is var length && length > ISettingsStore.MaxValueLength)
        {
            errors.Add($"the settings are {length} characters as JSON; at most {ISettingsStore.MaxValueLength}");
        }

        return errors;
    }

    /// <summary>
    /// The stored settings; the defaults when none are stored or the stored value is unreadable or holds an out-of-range
    /// value; a null list counts as empty (a value edited by hand in the database must not break every coverage page).
    /// </summary>
    public static async Task<CoverageSettings> LoadAsync(ISettingsStore store, CancellationToken ct) =>
        (await store.ReadJsonAsync<CoverageSettings>(Key, ct).ConfigureAwait(false))?.Normalised() is { } stored && stored.Validate().Count == 0
            ? stored
            : new();

    /// <summary>The same settings with a JSON <c>null</c> list or map read as empty (JSON does not enforce our nullability).</summary>
    public CoverageSettings Normalised() => this with
    {
        OwnerCadenceDays = OwnerCadenceDays ?? new Dictionary<string, int>(),
        PriorityList = PriorityList ?? [],
    };

    public Task SaveAsync(ISettingsStore store, CancellationToken ct) => store.WriteJsonAsync(Key, this, ct);
}
