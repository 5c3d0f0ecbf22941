using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Attack;
using Tessera.Core.Exposures;
using Tessera.Infrastructure.Exposures;

namespace Tessera.Server.Demo;

/// <summary>
/// A scan of a dozen real CISA KEV CVEs that the CTID KEV mappings cover, on made-up assets, plus two
/// misconfigurations mapped in the file and one manual mapping, so both exposure queues have content. One more KEV CVE the CTID
/// mappings do not cover (PAN-OS CVE-2024-3400) is on two firewalls and mapped once for both by a CVE-wide mapping. One exposure is
/// resolved, one risk-accepted, one whose acceptance ends within days and one whose acceptance expired (open again, flagged) so
/// the lifecycle shows. The scan is skipped when exposures are stored already; a
/// status is set only on the demo exposure whose status nobody has changed yet.
/// </summary>
public sealed class ExposuresDemoSeeder : IDemoSeeder
{
    public const string Scan = """
        id,cve,asset,severity,title,detected,techniques
        NS-1001,CVE-2023-4966,vpn-gw-01,9.4,Citrix NetScaler session token leak (Citrix Bleed),2025-07-02,
        NS-1002,CVE-2021-44228,payments-api-02,critical,Apache Log4j2 remote code execution (Log4Shell),2025-07-02,
        NS-1003,CVE-2023-34362,mft-01,9.8,Progress MOVEit Transfer SQL injection,2025-07-03,
        NS-1004,CVE-2023-22515,wiki-01,critical,Atlassian Confluence broken access control,2025-07-03,
        NS-1005,CVE-2021-26855,mail-01,9.1,Microsoft Exchange server-side request forgery (ProxyLogon),2025-07-04,
        NS-1006,CVE-2022-1388,lb-edge-01,9.8,F5 BIG-IP iControl REST missing authentication,2025-07-04,
        NS-1007,CVE-2023-20198,core-rtr-01,critical,Cisco IOS XE web UI privilege escalation,2025-07-05,
        NS-1008,CVE-2024-21887,vpn-gw-02,9.1,Ivanti Connect Secure command injection,2025-07-05,
        NS-1009,CVE-2019-19781,vpn-gw-03,high,Citrix ADC path traversal,2025-07-06,
        NS-1010,CVE-2020-1472,dc-01,critical,Microsoft Netlogon privilege escalation (Zerologon),2025-07-06,
        NS-1011,CVE-2023-27997,fw-branch-07,9.2,Fortinet FortiOS SSL-VPN heap overflow,2025-07-07,
        NS-1012,CVE-2024-34102,shop-01,9.8,Adobe Commerce XML external entity injection,2025-07-07,
        NS-1013,CVE-2024-3400,fw-hq-01,10.0,Palo Alto PAN-OS GlobalProtect command injection,2025-07-08,
        NS-1014,CVE-2024-3400,fw-dc-01,10.0,Palo Alto PAN-OS GlobalProtect command injection,2025-07-08,
        CFG-201,,dc-01,medium,SMB signing not required,2025-07-01,T1557.001;T1021.002
        CFG-202,,jump-01,high,RDP exposed without network level authentication,2025-07-01,T1021.001
        """;

    /// <summary>
    /// Demo lifecycle: (asset, CVE, status, reason, how many days ago it was set, and for acceptances how many days they run).
    /// The FortiOS acceptance was set 100 days ago for 90 days, so it has expired: it is back in the queues, flagged. The Adobe
    /// Commerce one was set 84 days ago for 90 days, so it ends in six days: flagged as ending soon, and counted on the Overview.
    /// </summary>
    public static readonly IReadOnlyList<(string Asset, string Cve, ExposureStatus Status, string Reason, int DaysAgo, int? AcceptedDays)> Lifecycle =
    [
        ("wiki-01", "CVE-2023-22515", ExposureStatus.Resolved, "Confluence upgraded to 8.5.3 on 2025-07-10 (change CHG-4127)", 0, null),
        ("vpn-gw-03", "CVE-2019-19781", ExposureStatus.Accepted,
            "Legacy Citrix ADC reachable only from the management VLAN, decommissioned in Q3 2025; accepted by the CISO (RISK-88)", 0, 120),
        ("fw-branch-07", "CVE-2023-27997", ExposureStatus.Accepted,
            "Branch firewall swap planned; SSL-VPN limited to two admin addresses meanwhile (RISK-91)", 100, 90),
        ("shop-01", "CVE-2024-34102", ExposureStatus.Accepted,
            "WAF virtual patch blocks the XXE payloads until the Adobe Commerce upgrade ships (RISK-97)", 84, 90),
    ];

    /// <summary>The demo CVE that only the CVE-wide mapping links to a technique.</summary>
    public static readonly CveId UnmappedCve = CveId.Parse("CVE-2024-3400");

    public int Order => 600;

    public async Task SeedAsync(DemoContext context, CancellationToken ct)
    {
        var store = context.Services.GetRequiredService<IExposureStore>();
        if ((await store.ListAsync(ExposureQuery.All, ct)).Count == 0)
        {
            await ImportScanAsync(store, ct);
        }

        var time = context.Services.GetRequiredService<TimeProvider>();
        foreach (var (asset, cve, status, reason, daysAgo, acceptedDays) in Lifecycle)
        {
            if (await store.FindAsync(asset, cve, "", ct) is not { StatusChangedAt: null } exposure)
            {
                continue;
            }

            // A change made in the past goes through a store whose clock stands then, so it passes the same rules it did then.
            var then = daysAgo == 0 ? store : ActivatorUtilities.CreateInstance<EfExposureStore>(context.Services, new PastTime(time, TimeSpan.FromDays(daysAgo)));
            DateOnly? until = acceptedDays is { } days ? ExposureStatusRules.Today(time.GetUtcNow()).AddDays(days - daysAgo) : null;
            await then.SetStatusAsync(exposure.Id, status, reason, until, "demo", ct);
        }
    }

    private sealed class PastTime(TimeProvider now, TimeSpan back) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.GetUtcNow() - back;
    }

    private static async Task ImportScanAsync(IExposureStore store, CancellationToken ct)
    {
        var parsed = ExposureImporter.ReadCsv(Encoding.UTF8.GetBytes(Scan), "demo-scan.csv");
        if (!parsed.Succeeded)
        {
            throw new InvalidOperationException("the exposure demo scan is invalid: " + string.Join("; ", parsed.Errors));
        }

        await store.ImportAsync(parsed.Exposures, "demo", "demo-scan.csv", ct);
        // Zerologon is followed by DCSync in practice; the CTID mapping stops at the account discovery it enables.
        if ((await store.ListAsync(new ExposureQuery { Cve = "CVE-2020-1472" }, ct)) is [var zerologon])
        {
            await store.AddTechniqueAsync(zerologon.Id, TechniqueId.Parse("T1003.006"), "demo", ct);
        }

        // CTID's KEV mappings (July 2025) lack CVE-2024-3400: the GlobalProtect gateway is exploited over the internet, so the
        // exploitation technique is T1190, mapped once for both firewalls and any the next scan finds.
        await store.AddCveMappingAsync(UnmappedCve, TechniqueId.Parse("T1190"), "demo", ct);
    }
}
