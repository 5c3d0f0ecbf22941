using Tessera.Core.Storage;

namespace Tessera.Core.Exposures;

/// <summary>
/// The team's exposure settings, kept in <see cref="ISettingsStore"/> as JSON under <see cref="Key"/>: how many days before
/// a risk acceptance ends it counts as ending soon (the page's filter, the view flag, the Overview and the list's default
/// <c>within</c>). Teams renewing acceptances in a monthly change board want 30 days; the default is two weeks.
/// </summary>
public sealed record ExposureSettings
{
    public const string Key = "exposures.settings";

    /// <summary>Days ahead within which a running acceptance is ending soon (1 to <see cref="AcceptanceReminder.MaxWindowDays"/>).</summary>
    public int AcceptanceWindowDays { get; init; } = AcceptanceReminder.DefaultWindowDays;

    /// <summary>Problems naming the field (<c>acceptanceWindowDays: …</c>); empty when the settings can be saved.</summary>
    public IReadOnlyList<string> Validate() =>
        AcceptanceReminder.ValidateWindow(AcceptanceWindowDays, "acceptanceWindowDays") is { } problem ? [problem] : [];

    /// <summary>
    /// The stored settings, or the defaults when none are stored. A stored value that is not readable JSON or is out of range
    /// (edited by hand in the database) also gives the defaults: a bad setting must not break the exposure pages.
    /// </summary>
    public static async Task<ExposureSettings> LoadAsync(ISettingsStore store, CancellationToken ct) =>
        await store.ReadJsonAsync<ExposureSettings>(Key, ct).ConfigureAwait(false) is { } stored && stored.Validate().Count == 0
            ? stored
            : new ExposureSettings();

    /// <summary>Stores the settings; call <see cref="Validate"/> first.</summary>
    public Task SaveAsync(ISettingsStore store, CancellationToken ct) => store.WriteJsonAsync(Key, this, ct);
}
