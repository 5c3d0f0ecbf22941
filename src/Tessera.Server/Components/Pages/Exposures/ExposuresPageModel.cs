using System.Security.Claims;
using System.Text;
using Tessera.Core.Exposures;
using Tessera.Server.Api.Exposures;
using Tessera.Server.Components.Exposures;

namespace Tessera.Server.Components.Pages.Exposures;

/// <summary>State of the Exposures page: the board, the list filters and the import form. Writes go through <see cref="ExposureService"/> (audited).</summary>
public sealed class ExposuresPageModel(ExposureService service)
{
    /// <summary>Rows shown per queue; the API pages through the rest.</summary>
    public const int ShownRows = 100;

    public ExposureBoard? Board { get; private set; }

    public string? Cve { get; set; }
    public string? Asset { get; set; }
    public string? Severity { get; set; }
    public string? Technique { get; set; }
    public string? State { get; set; }

    /// <summary>A status slug or blank for any; the page opens on the queue (open exposures).</summary>
    public string? Status { get; set; } = ExposureStatus.Open.Slug();

    /// <summary>
    /// <c>ending-soon</c>, <c>expired</c> or blank for any. Choosing one shows every status: acceptances ending soon are not
    /// open, so the page's default open view would hide them.
    /// </summary>
    public string? Acceptance
    {
        get;
        set
        {
            field = value;
            if (!string.IsNullOrWhiteSpace(value))
            {
                Status = null;
            }
        }
    }

    /// <summary>The ending-soon window in the settings form; reset to the team's stored window on every load.</summary>
    public int WindowDays { get; set; } = AcceptanceReminder.DefaultWindowDays;

    /// <summary>What saving the window did, or why it was refused.</summary>
    public string? WindowMessage { get; private set; }

    public string Paste { get; set; } = "";
    public string? Message { get; private set; }
    public IReadOnlyList<ExposureImportError> Errors { get; private set; } = [];

    public IEnumerable<ExposureView> Exposures => (Board?.Exposures ?? []).Where(Filter.Matches).Take(ShownRows);

    public IReadOnlyList<CveMappingView> CveMappings => Board?.CveMappings ?? [];

    public IEnumerable<GapView> Gaps => (Board?.Gaps ?? []).Take(ShownRows);

    private ExposureFilter Filter => new()
    {
        Cve = Cve, Asset = Asset, Technique = Technique, State = State,
        Severity = Enum.TryParse<ExposureSeverity>(Severity, out var s) ? s : null,
        Status = ExposureStatusRules.TryParse(Status, out var status) ? status : null,
        Acceptance = AcceptanceReminder.TryParse(Acceptance, out var acceptance) ? acceptance : null,
        WithinDays = AcceptanceWindowDays,
    };

    /// <summary>The team's window the board was computed with (the filter's label and the rows' flags).</summary>
    public int AcceptanceWindowDays => Board?.AcceptanceWindowDays ?? AcceptanceReminder.DefaultWindowDays;

    /// <summary>Loads the board, or takes <paramref name="loaded"/> (what prerendering loaded) when given.</summary>
    public async Task LoadAsync(CancellationToken ct, ExposureBoard? loaded = null)
    {
        Board = loaded ?? await service.BoardAsync(ct);
        WindowDays = Board.AcceptanceWindowDays;
    }

    /// <summary>Saves <see cref="WindowDays"/> as the team's window (audited) and reloads; the message says what changed or why not.</summary>
    public async Task SaveWindowAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var days = WindowDays;
        var problems = await service.SaveSettingsAsync(user, new ExposureSettings { AcceptanceWindowDays = days }, ct);
        WindowMessage = problems.Count > 0
            ? string.Join(" ", problems)
            : $"Risk acceptances now count as ending soon {days} day{(days == 1 ? "" : "s")} before they end, for everyone.";
        await LoadAsync(ct);
        if (problems.Count > 0)
        {
            // Keep what was typed beside the message that refuses it.
            WindowDays = days;
        }
    }

    public Task ImportPasteAsync(ClaimsPrincipal user, CancellationToken ct) =>
        ImportAsync(user, Encoding.UTF8.GetBytes(Paste), null, "pasted", ct);

    /// <summary>Imports bytes as JSON when the name ends in .json or the text starts with [ or {, else as CSV.</summary>
    public async Task ImportAsync(ClaimsPrincipal user, byte[] content, string? fileName, string label, CancellationToken ct)
    {
        var json = fileName?.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                   ?? Encoding.UTF8.GetString(content).TrimStart('\uFEFF', ' ', '\t', '\r', '\n') is ['[' or '{', ..];
        var (parsed, stored) = await service.ImportAsync(user, content, json, fileName ?? label + (json ? ".json" : ".csv"), ct);
        Errors = parsed.Errors;
        Message = stored is null
            ? $"{parsed.Errors.Count} error(s); nothing was imported."
            : $"Imported {parsed.RowsRead} rows: {stored.Added} new, {stored.Updated} updated, {stored.Unchanged} unchanged, {stored.Reopened} reopened.";
        if (stored is not null)
        {
            Paste = "";
            await LoadAsync(ct);
        }
    }

    public void Reject(string message)
    {
        Errors = [];
        Message = message;
    }

    /// <summary>Sets an exposure's status (audited) and reloads; the message says what happened or why not.</summary>
    public async Task SetStatusAsync(ClaimsPrincipal user, ExposureStatusChange change, CancellationToken ct)
    {
        var until = change.Until is { } day ? ExposureStatusRules.Iso(day) : null;
        var result = await service.SetStatusAsync(user, change.Id, change.Status.Slug(), change.Reason, until, ct, change.StatusVersion);
        Errors = [];
        Message = result.IsSaved
            ? $"{result.Value!.Exposure.Cve ?? result.Value.Exposure.Title} on {result.Value.Exposure.Asset} is {change.Status.Slug()}{(until is null ? "" : " until " + until)}."
            : result.Message;
        await LoadAsync(ct);
    }

    /// <summary>Adds or removes a manual mapping and reloads; the message says what happened.</summary>
    public async Task MapAsync(ClaimsPrincipal user, Guid id, string? technique, bool add, CancellationToken ct)
    {
        var result = add ? await service.AddTechniqueAsync(user, id, technique, ct) : await service.RemoveTechniqueAsync(user, id, technique, ct);
        Errors = [];
        Message = result.IsSaved ? $"{(add ? "Mapped" : "Unmapped")} {technique?.Trim().ToUpperInvariant()}." : result.Message;
        await LoadAsync(ct);
    }

    /// <summary>Adds or removes a CVE-wide mapping and reloads; the message says how many exposures it applies to, or what was wrong.</summary>
    public async Task MapCveAsync(ClaimsPrincipal user, string cve, string technique, bool add, CancellationToken ct)
    {
        var outcome = add ? await service.AddCveMappingAsync(user, cve, technique, ct) : await service.RemoveCveMappingAsync(user, cve, technique, ct);
        Errors = [];
        Message = outcome.Mapping is not { } m
            ? outcome.NotFound ?? string.Join(" ", outcome.Errors)
            : !add ? $"Unmapped {m.Technique} from every exposure with {m.Cve} ({AppliesTo(m)})."
            : outcome.Changed ? $"Mapped {m.Technique} to every exposure with {m.Cve} ({AppliesTo(m)})."
            : $"{m.Technique} was already mapped to every exposure with {m.Cve} ({AppliesTo(m)}).";
        await LoadAsync(ct);
    }

    private static string AppliesTo(CveMappingView m) => $"{m.Exposures} exposure{(m.Exposures == 1 ? "" : "s")}, {m.OpenExposures} open";
}
