using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Exposures;
using Tessera.Core.Storage;

namespace Tessera.Cli.Commands;

/// <summary>
/// <c>tessera exposures list [--status S] [--acceptance ending-soon|expired] [--within DAYS] [--asset A] [--cve CVE]</c>: stored
/// exposures as they count now (an expired acceptance is open), filtered in the database. What a weekly risk review runs to
/// see which acceptances to renew before they end.
/// </summary>
public static class ExposuresListCommand
{
    public static Command Create(CliConsole console, Option<string?> db, Option<bool> json)
    {
        var status = new Option<string?>("--status") { Description = "open (expired acceptances included), resolved or accepted (running acceptances)" };
        var acceptance = new Option<string?>("--acceptance") { Description = "ending-soon (running acceptances ending within --within days) or expired" };
        var within = new Option<int?>("--within")
        {
            Description = $"With --acceptance ending-soon: the window in days (1 to {AcceptanceReminder.MaxWindowDays}; default the team's setting, " +
                          $"{AcceptanceReminder.DefaultWindowDays} unless changed on the Exposures page or PUT /api/v1/exposures/settings)",
        };
        var asset = new Option<string?>("--asset") { Description = "Part of the asset name (case-insensitive)" };
        var cve = new Option<string?>("--cve") { Description = "A CVE ID" };
        var command = new Command("list", "List stored exposures; with --acceptance ending-soon, the risk acceptances to renew or fix first")
        {
            status, acceptance, within, asset, cve, db, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var (statusText, acceptanceText, days) = (parse.GetValue(status), parse.GetValue(acceptance), parse.GetValue(within));
            if (Problem(statusText, acceptanceText, days) is { } problem)
            {
                return console.Fail(problem);
            }

            await using var services = await CoverageCliSupport.OpenAsync(console, parse.GetValue(db), ct, mustExist: true);
            if (services is null)
            {
                return 1;
            }

            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var query = new ExposureQuery
            {
                Status = ExposureStatusRules.TryParse(statusText, out var s) ? s : null,
                Acceptance = AcceptanceReminder.TryParse(acceptanceText, out var a) ? a : null,
                EndingWithinDays = days ?? (await ExposureSettings.LoadAsync(services.GetRequiredService<ISettingsStore>(), ct)).AcceptanceWindowDays,
                Asset = parse.GetValue(asset), Cve = parse.GetValue(cve), AsOf = now,
            };
            var rows = await services.GetRequiredService<IExposureStore>().ListAsync(query, ct);
            // Acceptances are reviewed by end day: the one ending (or ended) first leads.
            var listed = query.Acceptance is null ? rows : rows.OrderBy(e => e.AcceptedUntil).ToList();
            Print(console, listed, now, parse.GetValue(json));
            return 0;
        });
        return command;
    }

    private static string? Problem(string? status, string? acceptance, int? within)
    {
        if (status is not null && !ExposureStatusRules.TryParse(status, out _))
        {
            return $"--status: '{status}' is not a status (open, resolved or accepted)";
        }

        ExposureAcceptanceFilter? filter = null;
        if (acceptance is not null)
        {
            if (!AcceptanceReminder.TryParse(acceptance, out var parsed))
            {
                return $"--acceptance: '{acceptance}' is not an acceptance filter (ending-soon or expired)";
            }

            filter = parsed;
        }

        return within switch
        {
            null => null,
            _ when filter != ExposureAcceptanceFilter.EndingSoon => "--within: only --acceptance ending-soon takes a window of days",
            { } days => AcceptanceReminder.ValidateWindow(days)?.Replace("within:", "--within:", StringComparison.Ordinal),
        };
    }

    private static void Print(CliConsole console, IReadOnlyList<StoredExposure> rows, DateTimeOffset now, bool json)
    {
        if (json)
        {
            console.WriteJson(rows.Select(e => new
            {
                id = e.Id, key = e.Key, cve = e.Exposure.Cve, asset = e.Exposure.Asset, severity = e.Exposure.Severity.ToString(), title = e.Exposure.Title,
                status = e.EffectiveStatus(now).Slug(), reason = e.StatusReason, changedBy = e.StatusChangedBy, acceptedUntil = e.AcceptedUntil,
                acceptanceExpired = e.IsAcceptanceExpired(now), acceptanceEndsInDays = e.AcceptanceDaysLeft(now),
            }));
            return;
        }

        foreach (var e in rows)
        {
            console.Out.WriteLine($"{CliConsole.Field(e.Key)}  {e.Exposure.Severity}  {e.EffectiveStatus(now).Slug()}{Acceptance(e, now)}  {CliConsole.Field(e.Exposure.Title)}");
        }

        console.Error.WriteLine($"{rows.Count} exposure{(rows.Count == 1 ? "" : "s")}");
    }

    // As on the page: "until 2026-01-31, ends in 3 days" or "acceptance expired 2025-10-01".
    private static string Acceptance(StoredExposure e, DateTimeOffset now) => e switch
    {
        { AcceptedUntil: { } day } when e.IsAcceptanceExpired(now) => " (acceptance expired " + ExposureStatusRules.Iso(day) + ")",
        { AcceptedUntil: { } day } when e.AcceptanceDaysLeft(now) is { } left => $" (until {ExposureStatusRules.Iso(day)}, {AcceptanceReminder.EndsIn(left)})",
        { Status: ExposureStatus.Accepted } => " (no expiry)",
        _ => "",
    };
}
