using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Alerts.Triage;
using Tessera.Core.Incidents;
using Tessera.Server.Api.Incidents;

namespace Tessera.Server.Demo;

/// <summary>
/// Attaches a few of the demo alerts (alert triage) to the demo incidents they belong to, the way an analyst would
/// from the triage page, so the incident page shows attached alerts and their rolled-up techniques. Runs after the
/// incident and alert seeders; skipped when any demo alert is attached already.
/// </summary>
public sealed class IncidentAlertsDemoSeeder : IDemoSeeder
{
    private static readonly (string Incident, string[] Alerts)[] Links =
    [
        ("LSASS memory access on FIN-WS-042", ["Mimikatz Command Line", "Potential Credential Access via LSASS Memory Dump"]),
        ("Ransomware encryption on file servers", ["Shadow Copies Deletion Using Operating Systems Utilities", "Mass file rename with .locked extension on file server FS-02"]),
        ("Encoded PowerShell download cradle on FIN-WS-042", ["Suspicious Encoded PowerShell Command Line"]),
    ];

    public int Order => 450;

    public async Task SeedAsync(DemoContext context, CancellationToken ct)
    {
        var incidents = context.Services.GetRequiredService<IIncidentStore>();
        var alerts = context.Services.GetRequiredService<IAlertRecordStore>();
        var attacher = context.Services.GetRequiredService<IncidentAlertAttacher>();
        var analyst = AlertsDemoSeeder.DemoAnalyst();
        var attached = 0;
        foreach (var (title, alertTitles) in Links)
        {
            var incident = (await incidents.ListAsync(new IncidentQuery { Text = title, Take = 1 }, ct)).Items.FirstOrDefault();
            var ids = new List<long>();
            foreach (var alertTitle in alertTitles)
            {
                var page = await alerts.QueryAsync(new AlertRecordQuery { Text = alertTitle, Take = 1 }, ct);
                ids.AddRange(page.Items.Select(a => a.Id));
            }

            if (incident is null || ids.Count == 0 || (await incidents.AttachmentsOfAsync(ids, ct)).Count > 0)
            {
                continue;
            }

            var result = await attacher.AttachAsync(incident.Id, ids, [], analyst, ct);
            if (result.IsOk)
            {
                attached += result.Value!.Count;
            }
            else
            {
                await context.Console.WriteLineAsync($"Demo incident alerts for {incident.Number}: {result.Message}");
            }
        }

        if (attached > 0)
        {
            await context.Console.WriteLineAsync($"Demo incidents: {attached} triaged alerts attached (see the Alerts panel of an incident).");
        }
    }
}
