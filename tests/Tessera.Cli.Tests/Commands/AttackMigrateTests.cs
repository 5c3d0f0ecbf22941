using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Attack;
using Tessera.Core.Audit;
using Tessera.Core.Detection;
using Tessera.Core.Detection.Registry;
using Tessera.Infrastructure;
using Tessera.Infrastructure.Storage;

namespace Tessera.Cli.Tests.Commands;

/// <summary><c>tessera attack migrate</c> with the real Enterprise 17.1 and 18.1 bundles over a temp SQLite file.</summary>
public sealed class AttackMigrateTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tessera-migrate-").FullName;

    private string Db => Path.Combine(_folder, "tessera.db");
    private static string[] Bundles =>
    [
        "--attack", Path.Combine(CliRunner.Data, "attack", "enterprise-attack-17.1.json"),
        "--attack", Path.Combine(CliRunner.Data, "attack", "enterprise-attack-18.1.json"),
    ];

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    // T1086 (PowerShell) is revoked by T1059.001; T1064 (Scripting) is deprecated; T1685 is a v19 ID neither release has.
    private async Task<Guid> SeedRuleAsync()
    {
        Assert.True(StorageOptions.TryParse(Db, out var options, out _));
        await using var services = new ServiceCollection().AddTesseraStorage(options!).BuildServiceProvider();
        await services.InitializeTesseraStorageAsync(TestContext.Current.CancellationToken);
        var rule = new DetectionRule
        {
            Source = DetectionRuleSource.Splunk, ExternalId = "spl-ps", Title = "PowerShell download cradle", QueryText = "index=win powershell",
            Techniques = [TechniqueId.Parse("T1086"), TechniqueId.Parse("T1064"), TechniqueId.Parse("T1685"), TechniqueId.Parse("T1003.001")],
            Tactics = ["execution"], DataRequirements = [],
        };
        var saved = await services.GetRequiredService<IRuleRegistry>().AddAsync(rule, "alice", TestContext.Current.CancellationToken);
        return saved.Value!.Id;
    }

    private static Dictionary<string, (string Action, string? NewId)> Actions(JsonDocument doc) =>
        doc.RootElement.GetProperty("items").EnumerateArray().ToDictionary(
            i => i.GetProperty("techniqueId").GetString()!,
            i => (i.GetProperty("action").GetString()!, i.TryGetProperty("newId", out var n) ? n.GetString() : null));

    [Fact]
    public async Task Migrate_DryRun_ListsProposalsAndChangesNothing()
    {
        await SeedRuleAsync();

        var run = await CliRunner.RunAsync(["attack", "migrate", "--from", "17.1", "--to", "18.1", "--db", Db, "--json", .. Bundles]);

        Assert.Equal(0, run.Exit);
        using var doc = JsonDocument.Parse(run.Out);
        Assert.False(doc.RootElement.GetProperty("applied").GetBoolean());
        var actions = Actions(doc);
        Assert.Equal(("replace", "T1059.001"), actions["T1086"]);
        Assert.Equal("review", actions["T1064"].Action);
        Assert.Equal(("unknown", "T1685"), actions["T1685"]);
        Assert.Equal(("keep", "T1003.001"), actions["T1003.001"]);
        var list = await CliRunner.RunAsync("rules", "list", "--db", Db, "--json");
        Assert.Contains("T1086", list.Out);
    }

    [Fact]
    public async Task Migrate_Apply_RewritesRevokedKeepsFlaggedAndAudits()
    {
        var ruleId = await SeedRuleAsync();

        var run = await CliRunner.RunAsync(["attack", "migrate", "--from", "enterprise-attack@17.1", "--to", "18.1", "--apply", "--db", Db, .. Bundles]);

        Assert.Equal(0, run.Exit);
        Assert.Contains("applied: 1 rewritten", run.Out);
        var list = await CliRunner.RunAsync("rules", "list", "--db", Db, "--json");
        using var rules = JsonDocument.Parse(list.Out);
        var techniques = Assert.Single(rules.RootElement.GetProperty("items").EnumerateArray()).GetProperty("techniques").EnumerateArray().Select(t => t.GetString());
        Assert.Equal(["T1059.001", "T1064", "T1685", "T1003.001"], techniques);

        Assert.True(StorageOptions.TryParse(Db, out var options, out _));
        await using var services = new ServiceCollection().AddTesseraStorage(options!).BuildServiceProvider();
        var log = Assert.Single(await services.GetRequiredService<Core.Storage.ITechniqueReferenceStore>()
            .MigrationLogAsync(Core.Storage.TechniqueReferenceKind.DetectionRule, ruleId.ToString(), TestContext.Current.CancellationToken));
        Assert.Equal(("T1086", "T1059.001"), (log.OldTechniqueId, log.NewTechniqueId));
        var audit = await services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery { Action = "attack.migrate" }, TestContext.Current.CancellationToken);
        Assert.Contains("T1059.001", Assert.Single(audit.Items).Event.AfterJson);
    }

    [Fact]
    public async Task Migrate_SameReleaseTwice_ExitsOneWithMessage()
    {
        var run = await CliRunner.RunAsync(["attack", "migrate", "--from", "18.1", "--to", "18.1", "--db", Db, .. Bundles]);

        Assert.Equal(1, run.Exit);
        Assert.Contains("tessera: Cannot migrate enterprise-attack@18.1 → enterprise-attack@18.1", run.Error);
    }

    // QA pass 5: a dry run on a mistyped --db made a new empty database and reported "0 stored references".
    [Fact]
    public async Task Migrate_DryRunOnAMissingDatabase_ExitsOneNamingItAndCreatesNothing()
    {
        var run = await CliRunner.RunAsync(["attack", "migrate", "--from", "17.1", "--to", "18.1", "--db", Db, .. Bundles]);

        Assert.Equal(1, run.Exit);
        Assert.StartsWith($"tessera: no database at {Db}", run.Error.Trim());
        Assert.False(File.Exists(Db));
    }

    [Fact]
    public async Task Migrate_ApplyWithDbNamingAFolder_ExitsOneSayingSo()
    {
        var run = await CliRunner.RunAsync(["attack", "migrate", "--from", "17.1", "--to", "18.1", "--apply", "--db", _folder, .. Bundles]);

        Assert.Equal(1, run.Exit);
        Assert.Equal($"tessera: cannot open {_folder}: it is a folder, not a database file (--db takes the file's path)", run.Error.Trim());
    }
}
