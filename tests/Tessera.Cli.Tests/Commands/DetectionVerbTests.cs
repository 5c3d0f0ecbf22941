using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Backlog;
using Tessera.Infrastructure;
using Tessera.Infrastructure.Storage;

namespace Tessera.Cli.Tests.Commands;

/// <summary>
/// <c>rules import|list</c>, <c>validations import</c> and <c>coverage</c> against a temp SQLite file, with the real
/// SigmaHQ process_access rules (23 files), the Atomic Red Team index and Enterprise 18.1.
/// </summary>
public sealed class DetectionVerbTests : IDisposable
{
    // proc_access_win_lsass_memdump.yml, tagged T1003.001.
    private const string LsassRule = "5ef9853e-4d0e-4a70-846f-a9ca37d876da";
    private readonly string _folder = Directory.CreateTempSubdirectory("tessera-cli-").FullName;

    private string Db => Path.Combine(_folder, "tessera.db");
    private static string Enterprise => Path.Combine(CliRunner.Data, "attack", "enterprise-attack-18.1.json");
    private static string Rules => Path.Combine(CliRunner.Data, "sigma", "rules", "windows", "process_access");
    private static string AtomicIndex => Path.Combine(CliRunner.Data, "atomic-red-team", "atomics", "Indexes", "Indexes-CSV", "index.csv");
    private static string ExecutionLog => Path.Combine(AppContext.BaseDirectory, "Fixtures", "validations", "execution-log.csv");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private Task<CliRunner.Run> ImportRulesAsync() =>
        CliRunner.RunAsync("rules", "import", Rules, "--owner", "soc", "--db", Db, "--attack", Enterprise, "--json");

    [Fact]
    public async Task RulesImport_SigmaFolderTwice_CreatesThenLeavesUnchanged()
    {
        var first = await ImportRulesAsync();
        var second = await ImportRulesAsync();

        Assert.Equal(0, first.Exit);
        using var a = JsonDocument.Parse(first.Out);
        using var b = JsonDocument.Parse(second.Out);
        Assert.Equal(23, a.RootElement.GetProperty("filesScanned").GetInt32());
        var created = a.RootElement.GetProperty("created").GetInt32();
        Assert.True(created >= 20, $"only {created} rules created");
        Assert.Equal((0, 0, created), (b.RootElement.GetProperty("created").GetInt32(), b.RootElement.GetProperty("updated").GetInt32(), b.RootElement.GetProperty("unchanged").GetInt32()));
    }

    [Fact]
    public async Task RulesImport_RuleWithoutIdByFolderThenByFilePath_StaysOneRuleAndIsFlagged()
    {
        var rules = Directory.CreateDirectory(Path.Combine(_folder, "local-rules")).FullName;
        var file = Path.Combine(rules, "whoami.yml");
        await File.WriteAllTextAsync(file, "title: Whoami run\nlogsource:\n  category: process_creation\n  product: windows\n" +
            "detection:\n  sel:\n    Image|endswith: '\\whoami.exe'\n  condition: sel\ntags:\n  - attack.t1033\n", TestContext.Current.CancellationToken);

        var byFolder = await CliRunner.RunAsync("rules", "import", rules, "--db", Db, "--attack", Enterprise, "--json");
        var byFile = await CliRunner.RunAsync("rules", "import", file, "--db", Db, "--attack", Enterprise, "--json");

        Assert.Equal(0, byFolder.Exit);
        Assert.Contains("no id", byFolder.Out);
        using var second = JsonDocument.Parse(byFile.Out);
        Assert.Equal((0, 1), (second.RootElement.GetProperty("created").GetInt32(), second.RootElement.GetProperty("unchanged").GetInt32()));
    }

    [Fact]
    public async Task RulesImport_MissingPath_ExitsOneWithMessage()
    {
        var run = await CliRunner.RunAsync("rules", "import", Path.Combine(_folder, "nope"), "--db", Db, "--attack", Enterprise);

        Assert.Equal(1, run.Exit);
        Assert.Contains("tessera: ", run.Error);
        Assert.Contains("no such file or folder", run.Error);
    }

    [Fact]
    public async Task RulesList_TechniqueFilter_ReturnsOnlyRulesTaggedWithIt()
    {
        await ImportRulesAsync();

        var run = await CliRunner.RunAsync("rules", "list", "--technique", "T1003.001", "--db", Db, "--json");

        Assert.Equal(0, run.Exit);
        using var doc = JsonDocument.Parse(run.Out);
        var items = doc.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Contains("T1003.001", i.GetProperty("techniques").EnumerateArray().Select(t => t.GetString())));
        Assert.Contains(items, i => i.GetProperty("externalId").GetString() == LsassRule);
        Assert.All(items, i => Assert.Equal("soc", i.GetProperty("owner").GetString()));
    }

    [Fact]
    public async Task RulesList_MalformedTechnique_ExitsOne()
    {
        var run = await CliRunner.RunAsync("rules", "list", "--technique", "lsass", "--db", Db);

        Assert.Equal(1, run.Exit);
        Assert.Contains("'lsass' is not a technique ID", run.Error);
    }

    [Fact]
    public async Task ValidationsImport_DetectedRun_MarksFiredRulePassingAndFlagsUnknownGuid()
    {
        await ImportRulesAsync();

        var run = await CliRunner.RunAsync("validations", "import", ExecutionLog, "--atomics", AtomicIndex,
            "--outcome", "Detected", "--fired", LsassRule, "--db", Db, "--json");

        Assert.Equal(0, run.Exit);
        using var doc = JsonDocument.Parse(run.Out);
        Assert.Equal((2, 1), (doc.RootElement.GetProperty("recorded").GetInt32(), doc.RootElement.GetProperty("unknownTests").GetInt32()));
        Assert.Contains(doc.RootElement.GetProperty("ruleChanges").EnumerateArray(), c => c.GetProperty("status").GetString() == "testedPassing");
        var list = await CliRunner.RunAsync("rules", "list", "--validation", "TestedPassing", "--db", Db, "--json");
        using var passing = JsonDocument.Parse(list.Out);
        Assert.Equal(LsassRule, Assert.Single(passing.RootElement.GetProperty("items").EnumerateArray()).GetProperty("externalId").GetString());
    }

    // QA pass 7: importing the same log again stored every run a second time and wrote the rules' history again.
    [Fact]
    public async Task ValidationsImport_SameLogTwice_SecondRecordsNothingAndSaysUnchanged()
    {
        await ImportRulesAsync();
        var first = await CliRunner.RunAsync("validations", "import", ExecutionLog, "--atomics", AtomicIndex,
            "--outcome", "Detected", "--fired", LsassRule, "--db", Db, "--json");

        var again = await CliRunner.RunAsync("validations", "import", ExecutionLog, "--outcome", "Detected", "--fired", LsassRule, "--db", Db, "--json");
        var plain = await CliRunner.RunAsync("validations", "import", ExecutionLog, "--outcome", "Detected", "--fired", LsassRule, "--db", Db);

        Assert.Equal((0, 0, 0), (first.Exit, again.Exit, plain.Exit));
        using var doc = JsonDocument.Parse(again.Out);
        Assert.Equal((0, 2, 0), (doc.RootElement.GetProperty("recorded").GetInt32(), doc.RootElement.GetProperty("unchanged").GetInt32(),
            doc.RootElement.GetProperty("ruleChanges").GetArrayLength()));
        Assert.StartsWith("0 runs recorded, 2 unchanged (already recorded or repeated in the input)", plain.Out);
    }

    // QA pass: a row repeated within one log was called "unchanged (recorded before)", and the validation.record audit
    // entry listed its run id, which was never stored.
    [Fact]
    public async Task ValidationsImport_RowRepeatedInTheLog_CountedUnchangedAndAuditListsOnlyStoredRuns()
    {
        var lines = await File.ReadAllLinesAsync(ExecutionLog, TestContext.Current.CancellationToken);
        var log = Path.Combine(_folder, "repeated-row.csv");
        await File.WriteAllLinesAsync(log, [.. lines, lines[1]], TestContext.Current.CancellationToken);

        var run = await CliRunner.RunAsync("validations", "import", log, "--atomics", AtomicIndex, "--db", Db);
        var audit = await CliRunner.RunAsync("audit", "list", "--action", "validation.record", "--db", Db, "--json");

        Assert.Equal(0, run.Exit);
        Assert.StartsWith("2 runs recorded, 1 unchanged (already recorded or repeated in the input)", run.Out);
        using var entries = JsonDocument.Parse(audit.Out);
        var after = Assert.Single(entries.RootElement.GetProperty("items").EnumerateArray()).GetProperty("after");
        Assert.Equal(2, after.GetProperty("recorded").GetInt32());
        Assert.Equal(2, after.GetProperty("runIds").GetArrayLength());
    }

    [Fact]
    public async Task RulesImport_PriorityTechniquesWithoutData_ReconcilesBacklogAndAudits()
    {
        // A CLI import moves coverage like an API import does: priority techniques the rules cannot see for lack of
        // data (no data source registered here) become backlog items, and the change is audited.
        var run = await ImportRulesAsync();

        Assert.Equal(0, run.Exit);
        // A first import regresses nothing; the line used to say "0 techniques regressed (recorded, webhooks queued)",
        // claiming a record and a webhook event that were never made.
        Assert.Matches(@"coverage: no technique regressed; backlog [1-9]\d* created, 0 reopened, 0 closed", run.Error);
        Assert.DoesNotContain("webhook", run.Error);
        await using var services = new ServiceCollection().AddTesseraStorage(StorageOptions.Sqlite(Db)).BuildServiceProvider();
        var items = await services.GetRequiredService<IBacklogStore>().ListAllAsync(TestContext.Current.CancellationToken);
        Assert.Contains(items, i => i.Technique.Value == "T1003.001");
    }

    [Fact]
    public async Task ValidationsImport_DetectedWithoutFired_ExitsOneAndRecordsNothing()
    {
        var run = await CliRunner.RunAsync("validations", "import", ExecutionLog, "--outcome", "Detected", "--db", Db);

        Assert.Equal(1, run.Exit);
        Assert.Contains("--fired", run.Error);
    }

    // A --db that is not a SQLite database (a typo pointing at another file) used to end in a SqliteException stack
    // trace from every verb and from serve; now one line names the file, and nothing is written to it.
    [Theory]
    [InlineData("rules", "list")]
    [InlineData("library", "export")]
    public async Task DbThatIsNotADatabase_ExitsOneNamingIt(params string[] verb)
    {
        File.WriteAllText(Db, "this is a text file, not a database\n");

        var run = await CliRunner.RunAsync([.. verb, "--db", Db]);

        Assert.Equal(1, run.Exit);
        Assert.Contains("tessera: cannot open", run.Error);
        Assert.Contains("file is not a database", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
        Assert.Equal("this is a text file, not a database\n", File.ReadAllText(Db));
    }

    // Another application's SQLite file (a mistyped --db) used to be migrated: every verb, even one that only reads,
    // added Tessera's 40 tables to it. Now it is refused and the file keeps only its own table.
    [Theory]
    [InlineData("rules", "list")]
    [InlineData("rules", "import")]
    [InlineData("users", "list")]
    public async Task DbOfAnotherApplication_ExitsOneAndAddsNoTable(params string[] verb)
    {
        using (var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Db}"))
        {
            other.Open();
            using var create = other.CreateCommand();
            create.CommandText = "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices (total) VALUES (12.5);";
            create.ExecuteNonQuery();
        }

        string[] args = verb[1] == "import" ? [.. verb, Rules, "--db", Db, "--attack", Enterprise] : [.. verb, "--db", Db];
        var run = await CliRunner.RunAsync(args);

        Assert.Equal(1, run.Exit);
        Assert.Equal($"tessera: cannot use {Db}: it holds 1 table(s) but no Tessera migration history, so it is another application's database; "
            + "Tessera adds nothing to it (choose another database)", run.Error.Trim());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using var check = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Db}");
        check.Open();
        using var tables = check.CreateCommand();
        tables.CommandText = "SELECT group_concat(name) FROM sqlite_master WHERE type = 'table'";
        Assert.Equal("invoices", tables.ExecuteScalar());
    }

    // serve runs as its own process: in this test host the web app finds no static-asset manifest.
    [Fact]
    public async Task Serve_DbThatIsNotADatabase_ExitsOneNamingIt()
    {
        File.WriteAllText(Db, "this is a text file, not a database\n");

        var run = await CliRunner.RunProcessAsync(null, "serve", "--urls", "http://127.0.0.1:0", "--db", Db, "--attack", Enterprise);

        Assert.Equal(1, run.Exit);
        Assert.Contains($"tessera: cannot open {Db}: SQLite Error 26: 'file is not a database'", run.Error);
        Assert.DoesNotContain("   at ", run.Error + run.Out);
    }

    // A connection string naming a bare file ("Data Source=rel.db") has no folder part; creating "its folder" used to
    // throw, so the verb ended in a stack trace instead of opening the file in the working directory.
    [Fact]
    public async Task RulesList_ConnectionStringWithBareFileName_OpensItInTheWorkingDirectory()
    {
        await EmptyDatabase.CreateAsync(Path.Combine(_folder, "rel.db"));

        var run = await CliRunner.RunProcessAsync(_folder, "rules", "list", "--db", "Data Source=rel.db", "--json");

        Assert.True(run.Exit == 0, run.Error);
        Assert.Equal("""{"total":0,"items":[]}""", run.Out.Trim());
    }

    // A mistyped --db used to be created (folder and all) as an empty database, so a read-only verb printed "0 of 0"
    // and exited 0; now it names the missing file and creates nothing. Verbs that write still create it.
    [Theory]
    [InlineData("incidents", "list")]
    [InlineData("incidents", "show", "INC-1")]
    [InlineData("incidents", "export-layer", "INC-1", "--out", "layer.json")]
    [InlineData("audit", "list")]
    [InlineData("library", "export")]
    [InlineData("rules", "list")]
    [InlineData("exposures", "list")]
    [InlineData("exposures", "cve-mappings")]
    [InlineData("coverage")]
    [InlineData("coverage", "diff", "--from", "2026-01-01")]
    [InlineData("users", "list")]
    [InlineData("users", "set-password", "--user", "admin")]
    public async Task ReadOnlyVerb_MissingDatabase_ExitsOneNamingItAndCreatesNothing(params string[] verb)
    {
        var missing = Path.Combine(_folder, "no-such-folder", "x.db");
        string[] attack = verb[0] is "coverage" || verb[1] is "export-layer" ? ["--attack", Enterprise] : [];

        var run = await CliRunner.RunAsync([.. verb, .. attack, "--db", missing]);

        Assert.Equal(1, run.Exit);
        Assert.StartsWith($"tessera: no database at {missing} (tessera serve or an import creates it; --db chooses another", run.Error);
        Assert.Empty(run.Out);
        Assert.False(Directory.Exists(Path.Combine(_folder, "no-such-folder")));
    }

    [Fact]
    public async Task WriteVerbs_MissingDatabase_CreateIt()
    {
        var db = Path.Combine(_folder, "new", "tessera.db");

        var import = await CliRunner.RunAsync("rules", "import", Rules, "--db", db, "--attack", Enterprise);
        var snapshot = await CliRunner.RunAsync("coverage", "--snapshot", "--db", Path.Combine(_folder, "other.db"), "--attack", Enterprise);

        Assert.True(import.Exit == 0, import.Error);
        Assert.True(snapshot.Exit == 0, snapshot.Error);
        Assert.True(File.Exists(db));
    }

    // The demo keeps its data in .tessera/demo.db; a user who ran `serve --demo` and then a read verb is told where it is.
    [Fact]
    public async Task ReadOnlyVerb_DefaultDatabaseMissingButDemoExists_NamesTheDemoDatabase()
    {
        await EmptyDatabase.CreateAsync(Path.Combine(_folder, ".tessera", "demo.db"));

        var run = await CliRunner.RunProcessAsync(_folder, "incidents", "list");

        Assert.Equal(1, run.Exit);
        Assert.Contains($"no database at {Path.Combine(_folder, ".tessera", "tessera.db")}", run.Error);
        Assert.Contains($"'tessera serve --demo' keeps its data in {Path.Combine(_folder, ".tessera", "demo.db")}", run.Error);
    }

    // An empty argument reaches the command as no file at all; it used to end in an unhandled NullReferenceException.
    [Fact]
    public async Task ValidationsImport_EmptyLogPath_ExitsOneAndRecordsNothing()
    {
        var run = await CliRunner.RunAsync("validations", "import", ExecutionLog, "", "--db", Db);

        Assert.Equal(1, run.Exit);
        Assert.Contains("tessera: a log path is empty; nothing was recorded", run.Error);
        Assert.DoesNotContain("Exception", run.Error);
    }

    [Theory]
    [InlineData("0", 0)]
    // No data source is registered, so nothing can be validated: any positive threshold fails the gate with exit 3.
    [InlineData("50", 3)]
    public async Task Coverage_FailUnderPriorityScope_ExitCodeFollowsThreshold(string threshold, int exit)
    {
        await ImportRulesAsync();

        var run = await CliRunner.RunAsync("coverage", "--scope", "priority", "--fail-under", threshold, "--db", Db, "--attack", Enterprise, "--json");

        Assert.Equal(exit, run.Exit);
        using var doc = JsonDocument.Parse(run.Out);
        Assert.Equal("priority", doc.RootElement.GetProperty("scope").GetProperty("key").GetString());
        if (exit == 0)
        {
            Assert.Empty(run.Error);
        }
        else
        {
            Assert.StartsWith("tessera: validated coverage of scope priority is 0.0%", run.Error);
        }
    }

    [Fact]
    public async Task Coverage_LayerAndCsv_WritesBothWithRuleTechniques()
    {
        await ImportRulesAsync();
        var layer = Path.Combine(_folder, "coverage.json");
        var csv = Path.Combine(_folder, "coverage.csv");

        var run = await CliRunner.RunAsync("coverage", "--layer", layer, "--csv", csv, "--db", Db, "--attack", Enterprise);

        Assert.Equal(0, run.Exit);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(layer, TestContext.Current.CancellationToken));
        Assert.Equal("4.5", doc.RootElement.GetProperty("versions").GetProperty("layer").GetString());
        Assert.Contains(doc.RootElement.GetProperty("techniques").EnumerateArray(), t => t.GetProperty("techniqueID").GetString() == "T1003.001");
        Assert.Contains(File.ReadLines(csv), line => line.StartsWith("T1003.001,", StringComparison.Ordinal));
    }

    // QA: "--fail-under NaN" passed the range check and no share is below NaN, so the gate never failed.
    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    public async Task Coverage_FailUnderNotANumber_UsageError(string threshold)
    {
        var run = await CliRunner.RunAsync("coverage", "--fail-under", threshold, "--db", Db, "--attack", Enterprise);

        Assert.Equal((1, "tessera: --fail-under is a percentage, 0..100"), (run.Exit, run.Error.Trim()));
    }

    // QA: a snapshot was stored and audited before the exports were written, so a step that failed on its export path
    // stored a second snapshot when the pipeline ran it again.
    [Fact]
    public async Task CoverageSnapshot_ExportCannotBeWritten_ExitsOneAndStoresNoSnapshot()
    {
        await ImportRulesAsync();
        var layer = Path.Combine(_folder, "missing-folder", "layer.json");

        var run = await CliRunner.RunAsync("coverage", "--snapshot", "--layer", layer, "--db", Db, "--attack", Enterprise);
        var audit = await CliRunner.RunAsync("audit", "list", "--action", "coverage.snapshot", "--db", Db, "--json");

        Assert.Equal(1, run.Exit);
        Assert.Contains("does not exist", run.Error);
        using var entries = JsonDocument.Parse(audit.Out);
        Assert.Equal(0, entries.RootElement.GetProperty("total").GetInt32());
    }

    // QA: a --db whose folder part is a file ended in an IOException stack trace; a folder given as --db was "no database".
    [Fact]
    public async Task Db_UnderAFileOrAFolder_OneLineSayingWhat()
    {
        var file = Path.Combine(_folder, "notes.txt");
        File.WriteAllText(file, "hello\n");
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "dbdir")).FullName;

        var underFile = await CliRunner.RunAsync("rules", "import", Rules, "--db", Path.Combine(file, "x.db"), "--attack", Enterprise);
        var isFolder = await CliRunner.RunAsync("rules", "list", "--db", folder);

        Assert.Equal((1, $"tessera: cannot open {Path.Combine(file, "x.db")}: {file} is a file, not a folder"), (underFile.Exit, underFile.Error.Trim()));
        Assert.Equal((1, $"tessera: {folder} is a folder, not a database file (--db takes the file's path)"), (isFolder.Exit, isFolder.Error.Trim()));
        Assert.Equal("hello\n", File.ReadAllText(file));
    }

    // QA pass 6: a negative --not-tested-days listed every rule, an unknown --tactic listed "0 of 0 rules", and
    // --since after --until listed nothing; each exited 0 as if the answer were real. QA pass 7: --take out of range was clamped.
    [Theory]
    [InlineData("rules list --not-tested-days -5", "tessera: --not-tested-days is a number of days, 0 or more")]
    [InlineData("rules list --take 0", "tessera: --take must be 1..500")] // was clamped to 1 and listed one rule
    [InlineData("rules list --take 501", "tessera: --take must be 1..500")] // was clamped to 500
    [InlineData("rules list --tactic nope", "tessera: --tactic: 'nope' is not a tactic of the loaded ATT&CK releases (enterprise-attack@18.1)")]
    [InlineData("audit list --since 2026-12-01 --until 2026-01-01", "tessera: --since (2026-12-01) is after --until (2026-01-01); nothing could match")]
    public async Task ListVerbs_ImpossibleFilter_ExitsOneNamingIt(string verb, string message)
    {
        await ImportRulesAsync();

        string[] attack = verb.StartsWith("rules", StringComparison.Ordinal) ? ["--attack", Enterprise] : [];
        var run = await CliRunner.RunAsync([.. verb.Split(' '), "--db", Db, .. attack, "--json"]);

        Assert.Equal((1, ""), (run.Exit, run.Out));
        Assert.StartsWith(message, run.Error.Trim());
        if (verb.Contains("--tactic"))
        {
            Assert.Contains("the tactics are ", run.Error);
            Assert.Contains("credential-access", run.Error);
        }
    }

    [Theory]
    [InlineData("Credential-Access")] // a short name in any case
    [InlineData("TA0006")] // the tactic's ID
    public async Task RulesList_KnownTacticByNameOrId_ListsItsRules(string tactic)
    {
        await ImportRulesAsync();

        var run = await CliRunner.RunAsync("rules", "list", "--tactic", tactic, "--db", Db, "--attack", Enterprise, "--json");

        Assert.True(run.Exit == 0, run.Error);
        using var doc = JsonDocument.Parse(run.Out);
        Assert.True(doc.RootElement.GetProperty("total").GetInt32() > 0);
    }

    // QA pass 5: --action 'rule*' found nothing (only 'rule.*' was a pattern) and said nothing about it.
    [Fact]
    public async Task AuditList_ActionEndingInStar_IsAPrefix_StarElsewhereIsRefused()
    {
        await ImportRulesAsync();

        var prefix = await CliRunner.RunAsync("audit", "list", "--action", "rule*", "--db", Db, "--json");
        var inside = await CliRunner.RunAsync("audit", "list", "--action", "rule*import", "--db", Db, "--json");

        Assert.Equal(0, prefix.Exit);
        using var entries = JsonDocument.Parse(prefix.Out);
        Assert.NotEmpty(entries.RootElement.GetProperty("items").EnumerateArray());
        Assert.All(entries.RootElement.GetProperty("items").EnumerateArray(), e => Assert.StartsWith("rule", e.GetProperty("action").GetString()));
        Assert.Equal((1, "", "tessera: --action 'rule*import': * is a wildcard only at the end (rule.* or atomic*)"), (inside.Exit, inside.Out, inside.Error.Trim()));
    }

    // QA: a usage error printed the command's help on standard output, which --json promises to keep machine-readable.
    [Fact]
    public async Task UsageError_WithJson_LeavesStandardOutputEmpty()
    {
        var run = await CliRunner.RunAsync("coverage", "--json", "--bogus", "--db", Db);

        Assert.Equal(1, run.Exit);
        Assert.Equal("", run.Out);
        Assert.Contains("--bogus", run.Error);
    }

    // A typo in the tactic or platform used to count nothing: "0.0% (0/0), under --fail-under" and exit 3, like a real
    // coverage failure. Now a usage error (exit 1, as for an unknown scope kind) naming the value and the valid ones.
    [Theory]
    [InlineData("tactic:bogus", "unknown tactic 'bogus'", "credential-access")]
    [InlineData("platform:Windoze", "unknown platform 'Windoze'", "Windows")]
    public async Task Coverage_UnknownTacticOrPlatform_ExitsOneNamingTheValidOnes(string scope, string message, string valid)
    {
        var run = await CliRunner.RunAsync("coverage", "--fail-under", "40", "--scope", scope, "--db", Db, "--attack", Enterprise);

        Assert.Equal(1, run.Exit);
        Assert.StartsWith("tessera: " + message, run.Error, StringComparison.Ordinal);
        Assert.Contains(valid, run.Error);
        Assert.DoesNotContain("under --fail-under", run.Error);
    }

    [Theory]
    [InlineData("tactic:Credential-Access")]
    [InlineData("tactic:ta0006")]
    [InlineData("platform:windows")]
    public async Task Coverage_KnownTacticOrPlatformInAnyCase_Computed(string scope)
    {
        await EmptyDatabase.CreateAsync(Db);
        var run = await CliRunner.RunAsync("coverage", "--scope", scope, "--db", Db, "--attack", Enterprise, "--json");

        Assert.Equal(0, run.Exit);
        using var doc = JsonDocument.Parse(run.Out);
        Assert.True(doc.RootElement.GetProperty("scope").GetProperty("total").GetInt32() > 0);
    }

    // The coverage verbs read only Enterprise bundles from a folder, so --collection ics-attack@18.1 answered "not loaded"
    // although the folder holds it.
    [Fact]
    public async Task Coverage_CollectionOfAnotherDomainInTheFolder_Computed()
    {
        await EmptyDatabase.CreateAsync(Db);
        var run = await CliRunner.RunAsync("coverage", "--collection", "ics-attack@18.1", "--db", Db, "--attack", Path.GetDirectoryName(Enterprise)!, "--json");

        Assert.True(run.Exit == 0, run.Error);
        using var doc = JsonDocument.Parse(run.Out);
        Assert.Equal("ics-attack@18.1", doc.RootElement.GetProperty("collection").GetString());
        Assert.True(doc.RootElement.GetProperty("scope").GetProperty("total").GetInt32() > 0);
    }

    // System.CommandLine reads enums with Enum.TryParse, which takes "77" (an outcome no member has) and "A, B".
    [Theory]
    [InlineData("validations", "import", "--outcome", "77")]
    [InlineData("validations", "import", "--outcome", "Detected, NotDetected")]
    [InlineData("rules", "list", "--validation", "1")]
    [InlineData("incidents", "list", "--state", "9")]
    public async Task EnumOption_NumberOrCombination_RefusedNamingTheValues(params string[] args)
    {
        var run = await CliRunner.RunAsync([.. args, "--db", Db]);

        Assert.NotEqual(0, run.Exit);
        Assert.Contains($"'{args[^1]}' is not a value of {args[^2]}: use one of ", run.Error);
    }

    [Fact]
    public async Task ValidationsImport_FutureExecutionTime_ExitsOneNamingTheLineAndRecordsNothing()
    {
        await ImportRulesAsync();
        var log = Path.Combine(_folder, "future.csv");
        await File.WriteAllTextAsync(log, "\"Execution Time (UTC)\",\"Technique\",\"Test Number\",\"GUID\"\n" +
            "\"2025-03-11T14:02:17Z\",\"T1003.001\",\"1\",\"0be2230c-9ab3-4ac2-8826-3199b9a0ebf8\"\n" +
            "\"2099-01-01T00:00:00Z\",\"T1003.001\",\"1\",\"0be2230c-9ab3-4ac2-8826-3199b9a0ebf8\"\n", TestContext.Current.CancellationToken);

        var run = await CliRunner.RunAsync("validations", "import", log, "--outcome", "Detected", "--fired", LsassRule, "--db", Db);

        Assert.Equal(1, run.Exit);
        Assert.Contains("future.csv:3", run.Error);
        Assert.Contains("2099-01-01T00:00:00Z is in the future", run.Error);
        var list = await CliRunner.RunAsync("rules", "list", "--validation", "TestedPassing", "--db", Db, "--json");
        using var passing = JsonDocument.Parse(list.Out);
        Assert.Empty(passing.RootElement.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task ValidationsImport_UnknownFiredRule_RecordedWithAWarningNamingIt()
    {
        await ImportRulesAsync();

        var run = await CliRunner.RunAsync("validations", "import", ExecutionLog, "--outcome", "Detected", "--fired", LsassRule, "--fired", "no-such-rule", "--db", Db, "--json");

        Assert.Equal(0, run.Exit);
        Assert.Contains("warning: --fired 'no-such-rule' is not a registered rule", run.Error);
        Assert.DoesNotContain(LsassRule, run.Error);
        using var doc = JsonDocument.Parse(run.Out);
        Assert.Equal(["no-such-rule"], doc.RootElement.GetProperty("unknownFiredRules").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Coverage_UnknownScope_ExitsOneWithMessage()
    {
        var run = await CliRunner.RunAsync("coverage", "--scope", "everything", "--db", Db, "--attack", Enterprise);

        Assert.Equal(1, run.Exit);
        Assert.StartsWith("tessera: ", run.Error);
    }

    [Fact]
    public async Task CoverageDiff_SnapshotsBeforeAndAfterImport_ListsImprovedAndNoLoss()
    {
        var before = await CliRunner.RunAsync("coverage", "--snapshot", "--db", Db, "--attack", Enterprise, "--json");
        var from = JsonDocument.Parse(before.Out).RootElement.GetProperty("computedAt").GetString()!;
        await ImportRulesAsync();
        await CliRunner.RunAsync("coverage", "--snapshot", "--db", Db, "--attack", Enterprise, "--json");

        var run = await CliRunner.RunAsync("coverage", "diff", "--from", from, "--fail-on-loss", "--db", Db, "--attack", Enterprise, "--json");

        Assert.True(run.Exit == 0, run.Error);
        using var doc = JsonDocument.Parse(run.Out);
        Assert.Empty(doc.RootElement.GetProperty("regressed").EnumerateArray());
        Assert.Contains(doc.RootElement.GetProperty("improved").EnumerateArray(),
            c => c.GetProperty("technique").GetString() == "T1003.001" && c.GetProperty("before").GetString() == "gap");
        var gap = doc.RootElement.GetProperty("states").EnumerateArray().Single(s => s.GetProperty("state").GetString() == "gap");
        Assert.Contains("T1003.001", gap.GetProperty("lost").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    // Before any snapshot exists.
    [InlineData("2000-01-01", "no snapshot")]
    [InlineData("last-quarter", "--from and --to are dates")]
    public async Task CoverageDiff_NoEarlySnapshotOrBadDate_ExitsOneNamingIt(string from, string message)
    {
        await CliRunner.RunAsync("coverage", "--snapshot", "--db", Db, "--attack", Enterprise);

        var run = await CliRunner.RunAsync("coverage", "diff", "--from", from, "--db", Db, "--attack", Enterprise);

        Assert.Equal(1, run.Exit);
        Assert.Contains(message, run.Error);
    }
}
