using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Attack;
using Tessera.Core.Audit;
using Tessera.Core.Incidents;
using Tessera.Core.Storage;

namespace Tessera.Server.Demo;

/// <summary>
/// Activates the latest Enterprise release when no source was ever activated, then seeds thirteen incidents: a
/// phishing → PowerShell → credential dumping chain (a parent with three children), ransomware, exploitation of a
/// public-facing VPN appliance and more, with observables, threat lookups, SIEM alerts, some closed, and
/// associations from several origins. Runs once (a setting marks it done).
/// </summary>
public sealed class IncidentsDemoSeeder : IDemoSeeder
{
    private const string DoneKey = "demo.incidents.seeded";
    private const string Analyst = "analyst";

    public int Order => 300;

    public async Task SeedAsync(DemoContext context, CancellationToken ct)
    {
        var services = context.Services;
        await EnsureSourceAsync(context, ct);
        var settings = services.GetRequiredService<ISettingsStore>();
        if (await settings.GetAsync(DoneKey, ct) is not null)
        {
            return;
        }

        var source = await services.GetRequiredService<IAttackSourceCatalog>().DefaultAsync(AttackDomain.Enterprise, ct);
        if (source is null)
        {
            await context.Console.WriteLineAsync("Demo incidents skipped: no Enterprise ATT&CK collection is loaded.");
            return;
        }

        var seed = new Seed(services.GetRequiredService<IncidentService>(), services.GetRequiredService<IIncidentStore>(), services.GetRequiredService<IAuditLog>(), source.Info.Key, context.Console);
        await SeedPhishingChainAsync(seed, ct);
        await SeedOthersAsync(seed, ct);
        await settings.SetAsync(DoneKey, "1", ct);
        await context.Console.WriteLineAsync($"Demo incidents: {seed.Count} incidents with associations from {source.Info.Key}.");
    }

    private static async Task EnsureSourceAsync(DemoContext context, CancellationToken ct)
    {
        var sources = context.Services.GetRequiredService<ISourceActivationStore>();
        if ((await sources.ListAsync(activeOnly: false, ct)).Count > 0 || context.Knowledge.Latest(AttackDomain.Enterprise) is not { } latest)
        {
            return;
        }

        var activated = await sources.ActivateAsync(latest.Info, DemoContext.Actor.Name, ct);
        await context.Services.GetRequiredService<IAuditLog>().AppendAsync(new AuditEvent
        {
            Actor = DemoContext.Actor, Action = "source.activate", EntityType = "source", EntityId = activated.Key,
        }, ct);
    }

    private static async Task SeedPhishingChainAsync(Seed s, CancellationToken ct)
    {
        var campaign = await s.IncidentAsync("Phishing campaign against finance department", IncidentSeverity.High, IncidentState.InProgress, null,
            "Several finance staff received invoice-themed emails with macro-enabled attachments.", ct);

        var mail = await s.IncidentAsync("Spearphishing attachment opened on FIN-WS-042", IncidentSeverity.High, IncidentState.Contained, campaign.Id,
            "j.doe opened Invoice_0393.docm; the macro spawned PowerShell.", ct);
        await s.ObservableAsync(mail, ObservableKind.Email, "billing@invoices-secure.example", ct);
        var hash = await s.ObservableAsync(mail, ObservableKind.FileHash, "5f1d7e3b9a0c24e6d8b1f2a3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7", ct);
        await s.ObservableAsync(mail, ObservableKind.Url, "https://invoices-secure.example/download/0393", ct);
        await s.LookupAsync(mail, hash.Id, "VirusTotal", "malicious (48/70)", ["T1566.001", "T1204.002", "T1059.005"], ct);
        await s.AssociateAsync(mail, ct, ("initial-access", ["T1566.001"]), ("execution", ["T1204.002"]));

        var powershell = await s.IncidentAsync("Encoded PowerShell download cradle on FIN-WS-042", IncidentSeverity.High, IncidentState.Contained, campaign.Id,
            "powershell.exe -enc … downloaded a second stage from a newly registered domain.", ct);
        await s.ObservableAsync(powershell, ObservableKind.Process, "powershell.exe -nop -w hidden -enc SQBFAFgA…", ct);
        await s.ObservableAsync(powershell, ObservableKind.Host, "FIN-WS-042", ct);
        await s.AlertAsync(powershell, "SIEM-88213", "Suspicious PowerShell encoded command", "Sigma: PowerShell Base64 Encoded Command", ["T1059.001", "T1027"], ct);
        await s.AssociateAsync(powershell, ct, ("execution", ["T1059.001"]), ("command-and-control", ["T1105"]));

        var lsass = await s.IncidentAsync("LSASS memory access on FIN-WS-042", IncidentSeverity.Critical, IncidentState.InProgress, campaign.Id,
            "A renamed procdump binary read LSASS memory; credential reuse suspected.", ct);
        await s.ObservableAsync(lsass, ObservableKind.FileName, "pd64.exe", ct);
        await s.ObservableAsync(lsass, ObservableKind.User, "CORP\\j.doe", ct);
        await s.AlertAsync(lsass, "SIEM-88240", "LSASS access by non-system process", "Sigma: LSASS Memory Dump", ["T1003.001"], ct);
        await s.LookupAsync(lsass, null, "MISP", "known tool (procdump)", ["T1003.001", "T1550.002"], ct);
        await s.AssociateAsync(lsass, ct, ("credential-access", ["T1003.001"]), ("lateral-movement", ["T1550.002"]));
    }

    private static async Task SeedOthersAsync(Seed s, CancellationToken ct)
    {
        var ransomware = await s.IncidentAsync("Ransomware encryption on file servers", IncidentSeverity.Critical, IncidentState.Contained, null,
            "Shares on FS-01 and FS-02 encrypted; shadow copies deleted before encryption.", ct);
        var domain = await s.ObservableAsync(ransomware, ObservableKind.Domain, "update-cdn-sync.example", ct);
        await s.LookupAsync(ransomware, domain.Id, "Recorded Future", "C2 infrastructure", ["T1071.001"], ct);
        await s.LookupAsync(ransomware, null, "Intel 471", "LockBit affiliate tooling", ["T1486", "T1490", "T1021.002"], ct);
        await s.AssociateAsync(ransomware, ct, ("impact", ["T1486", "T1490"]), ("lateral-movement", ["T1021.002", "T1570"]));

        var vpn = await s.IncidentAsync("Exploitation of public-facing VPN appliance", IncidentSeverity.Critical, IncidentState.InProgress, null,
            "Authentication bypass and command injection on the edge VPN gateway; web shell dropped.", ct);
        await s.ObservableAsync(vpn, ObservableKind.Cve, "CVE-2023-46805", ct);
        await s.ObservableAsync(vpn, ObservableKind.Ip, "203.0.113.77", ct);
        await s.LookupAsync(vpn, null, "GreyNoise", "malicious scanner", ["T1190", "T1595.002"], ct);
        await s.AssociateAsync(vpn, ct, ("initial-access", ["T1190"]), ("persistence", ["T1505.003"]));
        await s.CloseAsync(vpn, ct);

        await s.SimpleAsync("Web shell on customer portal", IncidentSeverity.High, IncidentState.Closed, ct, ("persistence", ["T1505.003"]), ("execution", ["T1059.004"]));
        await s.SimpleAsync("Password spraying against Microsoft 365", IncidentSeverity.Medium, IncidentState.New, ct, ("credential-access", ["T1110.003"]), ("initial-access", ["T1078.004"]));
        await s.SimpleAsync("Suspicious scheduled task on domain controller", IncidentSeverity.Medium, IncidentState.InProgress, ct, ("persistence", ["T1053.005"]), ("execution", ["T1053.005"]));
        await s.SimpleAsync("Malicious OAuth application consent", IncidentSeverity.Medium, IncidentState.New, ct, ("credential-access", ["T1528"]));
        await s.SimpleAsync("Data exfiltration to cloud storage", IncidentSeverity.High, IncidentState.InProgress, ct, ("exfiltration", ["T1567.002"]), ("collection", ["T1560.001"]));
        await s.SimpleAsync("Infostealer on sales laptop", IncidentSeverity.Low, IncidentState.Closed, ct, ("credential-access", ["T1555.003"]), ("exfiltration", ["T1041"]));
        await s.SimpleAsync("RDP brute force from the internet", IncidentSeverity.Low, IncidentState.Closed, ct, ("credential-access", ["T1110.001"]), ("initial-access", ["T1133"]));
    }

    /// <summary>Seeding helpers: every call goes through the same use cases as the API, and problems are printed, not thrown.</summary>
    private sealed class Seed(IncidentService incidents, IIncidentStore store, IAuditLog audit, string sourceKey, TextWriter console)
    {
        public int Count { get; private set; }

        public async Task<Incident> IncidentAsync(string title, IncidentSeverity severity, IncidentState state, long? parentId, string description, CancellationToken ct)
        {
            var open = state == IncidentState.Closed ? IncidentState.InProgress : state;
            var result = await incidents.CreateAsync(new NewIncident
            {
                Title = title, Description = description, Severity = severity, State = open, Assignee = Analyst, ParentId = parentId,
            }, ct);
            Count++;
            await audit.AppendAsync(new AuditEvent { Actor = DemoContext.Actor, Action = "incident.create", EntityType = "incident", EntityId = result.Value!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, ct);
            return result.Value!;
        }

        public async Task SimpleAsync(string title, IncidentSeverity severity, IncidentState state, CancellationToken ct, params (string Tactic, string[] Techniques)[] picks)
        {
            var incident = await IncidentAsync(title, severity, state, null, "", ct);
            await AssociateAsync(incident, ct, picks);
            if (state == IncidentState.Closed)
            {
                await CloseAsync(incident, ct);
            }
        }

        public async Task AssociateAsync(Incident incident, CancellationToken ct, params (string Tactic, string[] Techniques)[] picks)
        {
            var result = await incidents.AssociateAsync(incident.Id, null,
                [new AssociationRequest(sourceKey, picks.Select(p => new TacticSelection(p.Tactic, p.Techniques)).ToList())], Analyst, ct);
            Report(incident, result);
        }

        /// <summary>Closes last, after evidence and associations: closed incidents lock their evidence.</summary>
        public async Task CloseAsync(Incident incident, CancellationToken ct)
        {
            var current = (await store.FindAsync(incident.Id, ct))!;
            Report(incident, await incidents.UpdateAsync(new IncidentUpdate
            {
                Id = current.Id, Version = current.Version, Title = current.Title, Description = current.Description,
                Severity = current.Severity, State = IncidentState.Closed, Assignee = current.Assignee, ParentId = current.ParentId,
            }, ct));
        }

        public async Task<IncidentObservable> ObservableAsync(Incident incident, ObservableKind kind, string value, CancellationToken ct) =>
            Report(incident, await incidents.AddObservableAsync(new NewObservable(incident.Id, kind, value), ct))!;

        public async Task LookupAsync(Incident incident, long? observableId, string provider, string verdict, string[] techniques, CancellationToken ct) =>
            Report(incident, await incidents.AddLookupAsync(new NewThreatLookup
            {
                IncidentId = incident.Id, ObservableId = observableId, Provider = provider, Verdict = verdict, Techniques = techniques,
            }, ct));

        public async Task AlertAsync(Incident incident, string alertId, string title, string rule, string[] techniques, CancellationToken ct) =>
            Report(incident, await incidents.AttachAlertAsync(new NewIncidentAlert
            {
                IncidentId = incident.Id, AlertId = alertId, Title = title, Source = "Splunk ES", Rule = rule, Techniques = techniques,
            }, Analyst, ct));

        private T? Report<T>(Incident incident, IncidentResult<T> result)
        {
            if (!result.IsOk)
            {
                console.WriteLine($"Demo incident {incident.Number}: {result.Message} {string.Join("; ", result.Errors.Select(e => e.Message))}");
            }

            return result.Value;
        }
    }
}
