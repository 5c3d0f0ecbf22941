using System.Text.Json;
using System.Text.RegularExpressions;
using Tessera.Tests.Shared;
using static Tessera.Cli.Tests.CliRunner;

namespace Tessera.Cli.Tests.Commands;

/// <summary>
/// Every CLI write leaves the audit entry the server's equivalent write leaves (same action, entity type and payload
/// counts, actor <c>cli</c>), a rejected import leaves none, and <c>tessera audit list</c> reads them back.
/// </summary>
public sealed class CliAuditTests : IDisposable
{
    private readonly TempFolder _temp = new();

    private string Db => _temp.Combine("tessera.db");

    public void Dispose() => _temp.Dispose();

    private string Write(string name, string text) => _temp.Write(name, text);

    // Two real KEV CVEs (Citrix Bleed, Log4Shell) on two assets.
    private string Scan() => Write("scan.csv", "id,cve,asset,severity,title\nA-1,CVE-2023-4966,vpn-01,critical,Citrix Bleed\nA-2,CVE-2021-44228,app-01,high,Log4Shell\n");

    // Two real SigmaHQ rules (LSASS memory dump, T1003.001; CMSTP, T1218.003) copied at test time, plus optional extra files.
    private string SigmaFolder(params string[] extraFixtures)
    {
        var folder = Directory.CreateDirectory(_temp.Combine("sigma")).FullName;
        foreach (var name in new[] { "proc_access_win_lsass_memdump.yml", "proc_access_win_cmstp_execution_by_access.yml" })
        {
            File.Copy(SharedData.Combine("sigma", "rules", "windows", "process_access", name), Path.Combine(folder, name));
        }

        foreach (var fixture in extraFixtures)
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "sigma", fixture), Path.Combine(folder, fixture));
        }

        return folder;
    }

    private async Task<JsonElement> AuditAsync(params string[] filters)
    {
        var run = await RunAsync(["audit", "list", "--db", Db, "--json", .. filters]);
        Assert.True(run.Exit == 0, run.Error);
        using var doc = JsonDocument.Parse(run.Out);
        return doc.RootElement.Clone();
    }

    private static List<JsonElement> Items(JsonElement page) => page.GetProperty("items").EnumerateArray().ToList();

    private static void AssertCliActor(JsonElement entry)
    {
        var actor = entry.GetProperty("actor");
        Assert.Equal(("system", "cli"), (actor.GetProperty("kind").GetString(), actor.GetProperty("id").GetString()));
        Assert.Equal($"tessera cli ({Environment.UserName})", actor.GetProperty("name").GetString());
    }

    [Fact]
    public async Task RulesImport_TwoSigmaRules_AuditsRuleImportWithCounts()
    {
        var run = await RunAsync("rules", "import", SigmaFolder(), "--db", Db, "--attack", SharedData.Enterprise181);

        Assert.True(run.Exit == 0, run.Error);
        var entry = Assert.Single(Items(await AuditAsync("--action", "rule.import")));
        AssertCliActor(entry);
        Assert.Equal("rule", entry.GetProperty("entityType").GetString());
        var after = entry.GetProperty("after");
        Assert.Equal((2, 0, 2, 0, 0), (after.GetProperty("filesScanned").GetInt32(), after.GetProperty("filesRejected").GetInt32(),
            after.GetProperty("created").GetInt32(), after.GetProperty("updated").GetInt32(), after.GetProperty("unchanged").GetInt32()));
    }

    [Fact]
    public async Task RulesImport_StrictWithBrokenFile_SavesAndAuditsNothing()
    {
        // As on the server, an import that saved nothing is not audited (the rejection is on standard error and the exit code).
        var run = await RunAsync("rules", "import", SigmaFolder("yaml-syntax-error.yml"), "--strict", "--db", Db, "--attack", SharedData.Enterprise181);

        Assert.Equal(1, run.Exit);
        Assert.Contains("yaml-syntax-error.yml", run.Error);
        Assert.Equal(0, (await AuditAsync()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ValidationsImport_LogWithCatalogue_AuditsCatalogueAndRecordedRuns()
    {
        var log = Path.Combine(AppContext.BaseDirectory, "Fixtures", "validations", "execution-log.csv");
        var index = SharedData.Combine("atomic-red-team", "atomics", "Indexes", "Indexes-CSV", "index.csv");

        var run = await RunAsync("validations", "import", log, "--atomics", index, "--db", Db, "--attack", SharedData.Enterprise181);

        Assert.True(run.Exit == 0, run.Error);
        var record = Assert.Single(Items(await AuditAsync("--action", "validation.record")));
        AssertCliActor(record);
        var after = record.GetProperty("after");
        // Pending (the default verdict) changes no rule status.
        Assert.Equal((2, 0), (after.GetProperty("recorded").GetInt32(), after.GetProperty("ruleChanges").GetInt32()));
        Assert.Equal(2, after.GetProperty("runIds").GetArrayLength());
        Assert.Equal(["execution-log.csv"], after.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        var catalogue = Assert.Single(Items(await AuditAsync("--entity-type", "atomic-catalog"))).GetProperty("after");
        Assert.Equal("index.csv", catalogue.GetProperty("file").GetString());
        Assert.True(catalogue.GetProperty("stored").GetInt32() > 1000, catalogue.ToString());
    }

    [Fact]
    public async Task ExposuresImport_GoodFile_AuditsStoredBeforeAndSummaryAfter()
    {
        var run = await RunAsync("exposures", "import", Scan(), "--db", Db);

        Assert.Equal(0, run.Exit);
        var entry = Assert.Single(Items(await AuditAsync("--action", "exposure.import")));
        AssertCliActor(entry);
        Assert.Equal(0, entry.GetProperty("before").GetProperty("stored").GetInt32());
        var after = entry.GetProperty("after");
        Assert.Equal(("scan.csv", 2, 2, 0, 2), (after.GetProperty("file").GetString(), after.GetProperty("rowsRead").GetInt32(),
            after.GetProperty("added").GetInt32(), after.GetProperty("unchanged").GetInt32(), after.GetProperty("stored").GetInt32()));
    }

    [Fact]
    public async Task ExposuresImport_BadLine_AuditsNothing()
    {
        // Line 3 has a malformed CVE and an unknown severity: the whole file is rejected.
        var bad = Write("bad.csv", "id,cve,asset,severity,title\nB-1,CVE-2023-4966,vpn-01,critical,ok\nB-2,CVE-9,vpn-02,urgent,bad\n");
        await EmptyDatabase.CreateAsync(Db);

        var run = await RunAsync("exposures", "import", bad, "--db", Db);

        Assert.Equal(1, run.Exit);
        Assert.Equal(0, (await AuditAsync()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ExposuresStatus_ResolveThenSameAgain_AuditsOnlyTheChangeWithBeforeAndAfter()
    {
        await RunAsync("exposures", "import", Scan(), "--db", Db);
        string[] resolve = ["exposures", "status", "--asset", "vpn-01", "--cve", "CVE-2023-4966", "--set", "resolved", "--reason", "patched in CHG-7", "--db", Db];

        var first = await RunAsync(resolve);
        var again = await RunAsync(resolve);

        Assert.Equal((0, 0), (first.Exit, again.Exit));
        var entry = Assert.Single(Items(await AuditAsync("--action", "exposure.status")));
        AssertCliActor(entry);
        Assert.Equal("exposure", entry.GetProperty("entityType").GetString());
        Assert.Equal(entry.GetProperty("after").GetProperty("id").GetString(), entry.GetProperty("entityId").GetString());
        Assert.Equal(("open", null), (entry.GetProperty("before").GetProperty("status").GetString(), entry.GetProperty("before").GetProperty("statusReason").GetString()));
        Assert.Equal(("resolved", "patched in CHG-7"), (entry.GetProperty("after").GetProperty("status").GetString(), entry.GetProperty("after").GetProperty("statusReason").GetString()));
    }

    // The import that reopened a resolved exposure used to leave only its count (reopened 1) in the audit.
    [Fact]
    public async Task ExposuresImport_ReopensResolved_AuditsTheReopeningOnThatExposure()
    {
        await RunAsync("exposures", "import", Scan(), "--db", Db);
        await RunAsync("exposures", "status", "--asset", "vpn-01", "--cve", "CVE-2023-4966", "--set", "resolved", "--reason", "patched in CHG-7", "--db", Db);

        var run = await RunAsync("exposures", "import", Scan(), "--db", Db);

        Assert.Equal(0, run.Exit);
        var entry = Items(await AuditAsync("--action", "exposure.status")).First();
        AssertCliActor(entry);
        Assert.Equal(entry.GetProperty("after").GetProperty("id").GetString(), entry.GetProperty("entityId").GetString());
        Assert.Equal(("resolved", "patched in CHG-7"), (entry.GetProperty("before").GetProperty("status").GetString(), entry.GetProperty("before").GetProperty("statusReason").GetString()));
        Assert.Equal(("open", "seen again in import scan.csv"), (entry.GetProperty("after").GetProperty("status").GetString(), entry.GetProperty("after").GetProperty("statusReason").GetString()));
        Assert.Equal(1, Items(await AuditAsync("--action", "exposure.import")).First().GetProperty("after").GetProperty("reopened").GetInt32());
    }

    [Fact]
    public async Task CoverageSnapshot_Stored_AuditsSnapshotWithItsId()
    {
        var run = await RunAsync("coverage", "--snapshot", "--db", Db, "--attack", SharedData.Enterprise181, "--json");
        var plain = await RunAsync("coverage", "--db", Db, "--attack", SharedData.Enterprise181, "--json");

        Assert.Equal((0, 0), (run.Exit, plain.Exit));
        var entry = Assert.Single(Items(await AuditAsync("--entity-type", "coverage-snapshot")));
        AssertCliActor(entry);
        Assert.Equal("coverage.snapshot", entry.GetProperty("action").GetString());
        var after = entry.GetProperty("after");
        Assert.Equal(after.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), entry.GetProperty("entityId").GetString());
        Assert.Equal(("enterprise-attack@18.1", "cli"), (after.GetProperty("collection").GetString(), after.GetProperty("note").GetString()));
    }

    [Fact]
    public async Task LibraryImport_ValidFile_AuditsEntriesBeforeAndAfter()
    {
        var file = Write("library.json", """
            {"format":"tessera-alert-library","version":1,"entries":[
              {"signature":"x","exampleTitle":"ET EXPLOIT vBulletin 5.x RCE","confirmed":["T1190"]}]}
            """);

        var run = await RunAsync("library", "import", file, "--db", Db, "--attack", SharedData.Enterprise181);

        Assert.True(run.Exit == 0, run.Error);
        var entry = Assert.Single(Items(await AuditAsync("--action", "alert-library.import")));
        AssertCliActor(entry);
        Assert.Equal((0, 1, 1), (entry.GetProperty("before").GetProperty("entries").GetInt32(),
            entry.GetProperty("after").GetProperty("entries").GetInt32(), entry.GetProperty("after").GetProperty("imported").GetInt32()));
    }

    // The same file again used to print "imported 1 entries" and audit imported 1 although nothing changed.
    [Fact]
    public async Task LibraryImport_SameFileAgain_ReportsUnchangedAndAuditsNothingImported()
    {
        var file = Write("library.json", """
            {"format":"tessera-alert-library","version":1,"entries":[
              {"signature":"x","exampleTitle":"ET EXPLOIT vBulletin 5.x RCE","confirmed":["T1190"]},
              {"signature":"y","exampleTitle":"Rare parent process for LSASS","confirmed":["T1003.001"]}]}
            """);

        var first = await RunAsync("library", "import", file, "--db", Db);
        var again = await RunAsync("library", "import", file, "--db", Db);

        Assert.True((first.Exit, again.Exit) == (0, 0), first.Error + again.Error);
        Assert.Contains("imported 0 entries, 2 unchanged (0 warning(s))", again.Out);
        Assert.Contains("imported 2 entries, 0 unchanged (0 warning(s))", first.Out);
        var newest = Items(await AuditAsync("--action", "alert-library.import")).First().GetProperty("after");
        Assert.Equal((2, 0, 2), (newest.GetProperty("entries").GetInt32(), newest.GetProperty("imported").GetInt32(), newest.GetProperty("unchanged").GetInt32()));
    }

    [Fact]
    public async Task AuditList_Filters_SelectByActionPrefixActorEntityTimeAndTake()
    {
        await RunAsync("exposures", "import", Scan(), "--db", Db);
        await RunAsync("exposures", "status", "--asset", "app-01", "--cve", "CVE-2021-44228", "--set", "resolved", "--db", Db);
        var tomorrow = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var all = await AuditAsync("--actor", "cli", "--entity-type", "exposure");
        var status = await AuditAsync("--action", "exposure.status");
        var prefix = await AuditAsync("--action", "exposure.*", "--since", yesterday, "--take", "1");
        var otherActor = await AuditAsync("--actor", "backlog");
        var future = await AuditAsync("--since", tomorrow);
        var past = await AuditAsync("--until", yesterday);

        // Newest first: the status change, then the import.
        Assert.Equal(["exposure.status", "exposure.import"], Items(all).Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(1, status.GetProperty("total").GetInt32());
        Assert.Equal((2, "exposure.status"), (prefix.GetProperty("total").GetInt32(), Assert.Single(Items(prefix)).GetProperty("action").GetString()));
        Assert.Equal((0, 0, 0), (otherActor.GetProperty("total").GetInt32(), future.GetProperty("total").GetInt32(), past.GetProperty("total").GetInt32()));
    }

    [Fact]
    public async Task AuditList_Text_PrintsOneLinePerEntryAndCount()
    {
        await RunAsync("exposures", "import", Scan(), "--db", Db);

        var run = await RunAsync("audit", "list", "--db", Db);

        Assert.Equal(0, run.Exit);
        Assert.Matches($@"^\d{{4}}-\d{{2}}-\d{{2}} \d{{2}}:\d{{2}}:\d{{2}}Z\t{Regex.Escape(CliAudit.Actor.Name)}\texposure\.import\texposure$", run.Lines[0]);
        Assert.Equal("1 of 1 entries", run.Lines[^1]);
    }

    [Theory]
    // Neither a date nor a timestamp.
    [InlineData("--since", "last-week", "--since and --until are dates")]
    [InlineData("--take", "0", "--take must be 1..500")]
    [InlineData("--take", "501", "--take must be 1..500")]
    public async Task AuditList_BadOption_ExitsOneNamingIt(string option, string value, string message)
    {
        var run = await RunAsync("audit", "list", option, value, "--db", Db);

        Assert.Equal(1, run.Exit);
        Assert.Contains("tessera: " + message, run.Error);
    }
}
