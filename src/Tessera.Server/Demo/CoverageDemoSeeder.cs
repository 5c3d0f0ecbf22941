using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Attack;
using Tessera.Core.Coverage;
using Tessera.Core.Detection;
using Tessera.Core.Detection.Atomic;
using Tessera.Core.Detection.Registry;
using Tessera.Core.Detection.Sigma;
using Tessera.Core.Detection.Validation;

namespace Tessera.Server.Demo;

/// <summary>
/// Detection coverage demo: a representative part of the shared SigmaHQ rules (≈2,150 of 3,754: process creation,
/// built-in Windows logs, PowerShell, Linux, cloud; the full corpus is what <c>tessera rules import</c> is for),
/// the Atomic catalogue, a data source inventory with a degraded and a dropped source, and purple-team runs that
/// pass, fail and go stale, so the dashboard shows all five states. Snapshots are taken after each stage and dated
/// back so the trend has history. Skipped when the registry already holds rules.
/// </summary>
public sealed class CoverageDemoSeeder : IDemoSeeder
{
    private static readonly (string Folder, string Owner)[] SigmaFolders =
    [
        ("rules/windows/process_creation", "endpoint-team"), ("rules/windows/builtin", "windows-team"), ("rules/windows/powershell", "windows-team"),
        ("rules/linux", "linux-team"), ("rules/cloud", "cloud-team"),
    ];

    public int Order => 100;

    public async Task SeedAsync(DemoContext context, CancellationToken ct)
    {
        var services = context.Services;
        var registry = services.GetRequiredService<IRuleRegistry>();
        if (context.SharedDataFolder is not { } data || context.Knowledge.Latest(AttackDomain.Enterprise) is not { } attack
            || (await registry.QueryAsync(new RuleQuery { Take = 1 }, ct)).Total > 0)
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        var import = services.GetRequiredService<ImportSigmaRulesCommand>();
        var importer = new SigmaFolderImporter(new SigmaParserOptions { Attack = attack });
        var created = 0;
        foreach (var (folder, owner) in SigmaFolders)
        {
            var parsed = await importer.ImportAsync(Path.Combine(data, "sigma", folder), ct);
            created += (await import.ExecuteAsync(parsed, strict: false, owner, "demo", ct)).Saved?.Created ?? 0;
        }

        var catalog = await AtomicCatalogReader.ReadFolderAsync(Path.Combine(data, "atomic-red-team", "atomics"), ct);
        await services.GetRequiredService<IAtomicTestStore>().ReplaceAsync(catalog.Catalog, ct);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var inventory = services.GetRequiredService<IDataSourceInventory>();
        var sources = new List<DataSourceEntry>();
        foreach (var source in Inventory(now))
        {
            sources.Add((await inventory.AddAsync(source, "demo", ct)).Value!);
        }

        var coverage = services.GetRequiredService<CoverageService>();
        var snapshots = services.GetRequiredService<ICoverageSnapshotStore>();
        await SnapshotAsync(coverage, snapshots, attack, "demo: rules and inventory", now.AddDays(-45), ct);

        var runs = await RunsAsync(registry, catalog.Catalog, now, ct);
        await services.GetRequiredService<IValidationStore>().RecordAsync(runs, ct);
        await SnapshotAsync(coverage, snapshots, attack, "demo: purple-team campaign", now.AddDays(-20), ct);

        var powershell = sources.Single(s => s.Name == "PowerShell Script Block Logging");
        await inventory.ChangeStatusAsync(powershell.Id, powershell.Version, DataSourceStatus.Degraded, now.AddDays(-10), "GPO change disabled script block logging on half the fleet", "demo", ct);
        var auditd = sources.Single(s => s.Name == "Linux auditd");
        await inventory.ChangeStatusAsync(auditd.Id, auditd.Version, DataSourceStatus.Dropped, now.AddDays(-5), "collector decommissioned, no replacement yet", "demo", ct);
        await SnapshotAsync(coverage, snapshots, attack, "demo: PowerShell degraded, auditd dropped", now, ct);

        await context.Console.WriteLineAsync(
            $"Demo coverage: {created} Sigma rules, {catalog.Catalog.TestCount} Atomic tests, {sources.Count} data sources, {runs.Count} validation runs ({clock.Elapsed.TotalSeconds:0.0} s).");
    }

    private static async Task SnapshotAsync(CoverageService coverage, ICoverageSnapshotStore store, AttackCollection attack, string note, DateTimeOffset at, CancellationToken ct)
    {
        var report = await coverage.ComputeAsync(attack, null, ct);
        await store.AddAsync(CoverageSnapshot.From(report, note) with { TakenAt = at }, ct);
    }

    private static IEnumerable<DataSourceEntry> Inventory(DateTimeOffset now)
    {
        DataSourceEntry Source(string name, string platform, string[] components, (string Name, string Channel)[] logs, int quality, int daysConnected) => new()
        {
            Id = Guid.NewGuid(), Name = name, Platform = platform, Environment = "production", DataComponents = components,
            LogSources = logs.Select(l => new LogSourceRequirement(l.Name, l.Channel)).ToList(),
            RegisteredOn = DateOnly.FromDateTime(now.AddDays(-daysConnected - 30).UtcDateTime), ConnectedOn = DateOnly.FromDateTime(now.AddDays(-daysConnected).UtcDateTime),
            Quality = new DataQuality(quality, quality - 5, quality - 10), StatusChangedAt = now.AddDays(-daysConnected),
        };

        yield return Source("Sysmon", "Windows", ["DC0032", "DC0082", "DC0039", "DC0063", "DC0016", "DC0035"], [("WinEventLog:Sysmon", "")], 92, 400);
        yield return Source("Windows Security", "Windows", ["DC0067", "DC0002", "DC0088", "DC0066", "DC0010"], [("WinEventLog:Security", ""), ("WinEventLog:System", "")], 85, 500);
        yield return Source("PowerShell Script Block Logging", "Windows", ["DC0029", "DC0064"], [("WinEventLog:PowerShell", "")], 70, 300);
        yield return Source("Linux auditd", "Linux", ["DC0032", "DC0064"], [("auditd:SYSCALL", ""), ("linux:Sysmon", ""), ("linux:syslog", "")], 75, 200);
        yield return Source("AWS CloudTrail", "IaaS", ["DC0069", "DC0070"], [("AWS:CloudTrail", "")], 95, 250);
        yield return Source("Entra ID sign-in and audit logs", "Identity Provider", ["DC0002", "DC0067"], [("azure:signinlogs", ""), ("azure:audit", ""), ("azure:activity", "")], 88, 150);
    }

    private static async Task<List<ValidationRun>> RunsAsync(IRuleRegistry registry, AtomicCatalog catalog, DateTimeOffset now, CancellationToken ct)
    {
        var runs = new List<ValidationRun>();
        async Task Run(string technique, string dataSource, ValidationOutcome outcome, int daysAgo, string host)
        {
            var id = TechniqueId.Parse(technique);
            var test = catalog.Techniques.FirstOrDefault(t => t.Technique == id)?.Tests[0];
            var fired = outcome != ValidationOutcome.Detected ? [] : (await registry.QueryAsync(new RuleQuery { Techniques = [id], DataSource = dataSource, Take = 2 }, ct))
                .Items.Select(r => r.Rule.ExternalId).ToList();
            runs.Add(new ValidationRun
            {
                Id = Guid.NewGuid(), Source = "demo purple team", TestGuid = test?.Guid, TestName = test?.Name ?? technique, Technique = id,
                ExecutedAt = now.AddDays(-daysAgo), Host = host, Outcome = outcome, FiredRules = fired, IsKnownTest = test is not null,
            });
        }

        await Run("T1003.001", "sysmon", ValidationOutcome.Detected, 12, "WS-FIN-042");
        await Run("T1053.005", "sysmon", ValidationOutcome.Detected, 14, "WS-FIN-042");
        await Run("T1105", "sysmon", ValidationOutcome.Detected, 8, "WS-ENG-007");
        await Run("T1218.011", "sysmon", ValidationOutcome.NotDetected, 9, "WS-ENG-007");
        await Run("T1059.001", "powershell", ValidationOutcome.Detected, 30, "WS-FIN-042");
        await Run("T1087.002", "sysmon", ValidationOutcome.Detected, 200, "WS-HR-003");
        await Run("T1059.004", "auditd", ValidationOutcome.Detected, 25, "lnx-web-01");
        await Run("T1021.006", "", ValidationOutcome.ExecutionFailed, 3, "WS-ENG-007");
        return runs;
    }
}
