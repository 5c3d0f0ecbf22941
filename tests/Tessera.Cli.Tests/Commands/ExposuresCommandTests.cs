using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Exposures;
using Tessera.Infrastructure;
using Tessera.Infrastructure.Storage;
using Tessera.Tests.Shared;
using static Tessera.Cli.Tests.CliRunner;

namespace Tessera.Cli.Tests.Commands;

public sealed class ExposuresCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tessera-cli-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Import_GoodFileTwice_AddsThenReportsUnchanged()
    {
        // Real KEV CVEs (Citrix Bleed, Log4Shell) in a JSON export.
        var file = Write("scan.json", """
            {"exposures": [
              {"id": "F-1", "cve": "CVE-2023-4966", "asset": "vpn-01", "severity": "critical", "title": "Citrix Bleed"},
              {"id": "F-2", "cve": "CVE-2021-44228", "asset": "app-01", "severity": 10, "title": "Log4Shell"}
            ]}
            """);
        var db = Path.Combine(_folder, "e.db");

        var first = await RunAsync("exposures", "import", file, "--db", db);
        var second = await RunAsync("exposures", "import", file, "--db", db, "--json");

        Assert.Equal(0, first.Exit);
        Assert.Equal("2 rows: 2 added, 0 updated, 0 unchanged, 0 reopened; 2 exposures stored", first.Lines.Last());
        var json = JsonDocument.Parse(second.Out).RootElement;
        Assert.Equal((0, 2, 2), (json.GetProperty("added").GetInt32(), json.GetProperty("unchanged").GetInt32(), json.GetProperty("stored").GetInt32()));
    }

    [Fact]
    public async Task Import_ResolvedExposureStillReported_PrintsAndReportsItReopened()
    {
        var file = Write("scan.csv", "id,cve,asset,severity,title\nR-1,CVE-2023-4966,vpn-01,critical,Citrix Bleed\nR-2,CVE-2021-44228,app-01,high,Log4Shell\n");
        var db = Path.Combine(_folder, "r.db");
        await RunAsync("exposures", "import", file, "--db", db);
        await using (var services = new ServiceCollection().AddTesseraStorage(StorageOptions.Sqlite(db)).BuildServiceProvider())
        {
            var store = services.GetRequiredService<IExposureStore>();
            var bleed = Assert.Single(await store.ListAsync(new ExposureQuery { Cve = "CVE-2023-4966" }, TestContext.Current.CancellationToken));
            await store.SetStatusAsync(bleed.Id, ExposureStatus.Resolved, "patched", "engineer", TestContext.Current.CancellationToken);
        }

        var reopened = await RunAsync("exposures", "import", file, "--db", db);
        var again = await RunAsync("exposures", "import", file, "--db", db, "--json");

        Assert.Equal("2 rows: 0 added, 0 updated, 1 unchanged, 1 reopened; 2 exposures stored", reopened.Lines.Last());
        var json = JsonDocument.Parse(again.Out).RootElement;
        Assert.Equal((0, 2), (json.GetProperty("reopened").GetInt32(), json.GetProperty("unchanged").GetInt32()));
    }

    [Fact]
    public async Task Status_ResolveThenAcceptWithoutReason_SetsOneAndRefusesTheOther()
    {
        var file = Write("s.csv", "id,cve,asset,severity,title\nS-1,CVE-2023-4966,VPN-01,critical,Citrix Bleed\nS-2,,dc-01,high,SMB signing off\n");
        var db = Path.Combine(_folder, "s.db");
        await RunAsync("exposures", "import", file, "--db", db);

        // The asset as the scan wrote it, in another case; the CVE in lower case.
        var resolved = await RunAsync("exposures", "status", "--asset", "vpn-01", "--cve", "cve-2023-4966", "--set", "resolved", "--reason", "patched in CHG-7", "--db", db, "--json");
        var noReason = await RunAsync("exposures", "status", "--asset", "dc-01", "--id", "S-2", "--set", "accepted", "--db", db);
        var unknown = await RunAsync("exposures", "status", "--asset", "web-09", "--cve", "CVE-2021-44228", "--set", "resolved", "--db", db);
        var bothNames = await RunAsync("exposures", "status", "--asset", "dc-01", "--cve", "CVE-2021-44228", "--id", "S-2", "--set", "open", "--db", db);

        Assert.Equal(0, resolved.Exit);
        var json = JsonDocument.Parse(resolved.Out).RootElement;
        Assert.Equal(("vpn-01|CVE-2023-4966", "resolved", "patched in CHG-7"),
            (json.GetProperty("key").GetString(), json.GetProperty("status").GetString(), json.GetProperty("reason").GetString()));
        Assert.Equal(1, noReason.Exit);
        Assert.Contains("reason:", noReason.Error);
        Assert.Equal(1, unknown.Exit);
        Assert.Contains("no stored exposure web-09|CVE-2021-44228", unknown.Error);
        Assert.Equal(1, bothNames.Exit);
        await using var services = new ServiceCollection().AddTesseraStorage(StorageOptions.Sqlite(db)).BuildServiceProvider();
        var stored = await services.GetRequiredService<IExposureStore>().ListAsync(ExposureQuery.All, TestContext.Current.CancellationToken);
        Assert.Equal([ExposureStatus.Open, ExposureStatus.Resolved], stored.OrderBy(e => e.Key).Select(e => e.Status));
    }

    [Fact]
    public async Task Status_AcceptedUntil_StoresTheEndDayAndRefusesMissingMalformedOrPastDays()
    {
        var file = Write("a.csv", "id,cve,asset,severity,title\nA-1,CVE-2023-34362,mft-01,critical,MOVEit Transfer SQL injection\n");
        var db = Path.Combine(_folder, "a.db");
        await RunAsync("exposures", "import", file, "--db", db);
        var today = ExposureStatusRules.Today(TimeProvider.System.GetUtcNow());
        string[] accept = ["exposures", "status", "--asset", "mft-01", "--cve", "CVE-2023-34362", "--set", "accepted", "--reason", "isolated (RISK-7)", "--db", db];

        var missing = await RunAsync(accept);
        var malformed = await RunAsync([.. accept, "--until", "31/01/2027"]);
        var past = await RunAsync([.. accept, "--until", ExposureStatusRules.Iso(today.AddDays(-1))]);
        var text = await RunAsync([.. accept, "--until", ExposureStatusRules.Iso(today.AddDays(30))]);
        var json = await RunAsync([.. accept, "--until", ExposureStatusRules.Iso(today.AddDays(60)), "--json"]);

        Assert.Equal([1, 1, 1, 0, 0], new[] { missing, malformed, past, text, json }.Select(r => r.Exit));
        Assert.Contains("tessera: --until: accepting an exposure's risk needs an end date", missing.Error);
        Assert.Contains("--until: '31/01/2027' is not a day (YYYY-MM-DD)", malformed.Error);
        Assert.Contains("is not in the future", past.Error);
        Assert.Equal($"mft-01|CVE-2023-34362: accepted until {ExposureStatusRules.Iso(today.AddDays(30))} (isolated (RISK-7))", text.Lines.Last());
        Assert.Equal(ExposureStatusRules.Iso(today.AddDays(60)), JsonDocument.Parse(json.Out).RootElement.GetProperty("acceptedUntil").GetString());
        await using var services = new ServiceCollection().AddTesseraStorage(StorageOptions.Sqlite(db)).BuildServiceProvider();
        var stored = Assert.Single(await services.GetRequiredService<IExposureStore>().ListAsync(ExposureQuery.All, TestContext.Current.CancellationToken));
        Assert.Equal((ExposureStatus.Accepted, today.AddDays(60)), (stored.Status, stored.AcceptedUntil));
    }

    [Fact]
    public async Task Import_BadLines_ListsEachAndFailsWithoutStoring()
    {
        var bad = Write("bad.csv", "id,cve,asset,severity,title\nB-1,CVE-2023-4966,vpn-01,critical,ok\nB-2,CVE-9,vpn-02,urgent,bad\n");
        var good = Write("good.csv", "id,cve,asset,severity,title\nG-1,CVE-2021-44228,app-01,high,Log4Shell\n");
        var db = Path.Combine(_folder, "f.db");

        var failed = await RunAsync("exposures", "import", bad, "--db", db);
        var after = await RunAsync("exposures", "import", good, "--db", db, "--json");

        Assert.Equal(1, failed.Exit);
        Assert.Contains("bad.csv:3: cve:", failed.Error);
        Assert.Contains("bad.csv:3: severity:", failed.Error);
        Assert.Contains("tessera: 2 error(s) in bad.csv; nothing was imported", failed.Error);
        // The valid first line of the rejected file was not stored: only the good file's row is.
        Assert.Equal(1, JsonDocument.Parse(after.Out).RootElement.GetProperty("stored").GetInt32());
    }

    [Fact]
    public async Task List_AcceptanceEndingSoonAndExpired_ListsEachAndRefusesABadWindow()
    {
        var file = Write("l.csv", "id,cve,asset,severity,title\nL-1,CVE-2023-34362,mft-01,critical,MOVEit\nL-2,CVE-2023-27997,fw-01,critical,FortiOS\nL-3,CVE-2023-4966,vpn-01,critical,Citrix Bleed\n");
        var db = Path.Combine(_folder, "l.db");
        await RunAsync("exposures", "import", file, "--db", db);
        var ct = TestContext.Current.CancellationToken;
        var today = ExposureStatusRules.Today(TimeProvider.System.GetUtcNow());
        await using (var services = new ServiceCollection().AddTesseraStorage(StorageOptions.Sqlite(db)).BuildServiceProvider())
        {
            var store = services.GetRequiredService<IExposureStore>();
            var moveit = Assert.Single(await store.ListAsync(new ExposureQuery { Cve = "CVE-2023-34362" }, ct));
            Assert.True((await store.SetStatusAsync(moveit.Id, ExposureStatus.Accepted, "isolated (RISK-7)", today.AddDays(3), "analyst", ct)).IsSaved);
            // Accepted 100 days ago for 90 days through a store whose clock stands then: expired ten days ago.
            IExposureStore past = ActivatorUtilities.CreateInstance<Infrastructure.Exposures.EfExposureStore>(services, new ManualClock(TimeProvider.System.GetUtcNow().AddDays(-100)));
            var fw = Assert.Single(await store.ListAsync(new ExposureQuery { Cve = "CVE-2023-27997" }, ct));
            Assert.True((await past.SetStatusAsync(fw.Id, ExposureStatus.Accepted, "swap planned", today.AddDays(-10), "analyst", ct)).IsSaved);
        }

        var soon = await RunAsync("exposures", "list", "--acceptance", "ending-soon", "--db", db, "--json");
        var wide = await RunAsync("exposures", "list", "--acceptance", "ending-soon", "--within", "2", "--db", db);
        var expired = await RunAsync("exposures", "list", "--acceptance", "expired", "--db", db);
        var open = await RunAsync("exposures", "list", "--status", "open", "--db", db);
        var badWindow = await RunAsync("exposures", "list", "--acceptance", "ending-soon", "--within", "91", "--db", db);
        var windowAlone = await RunAsync("exposures", "list", "--within", "7", "--db", db);

        var row = Assert.Single(JsonDocument.Parse(soon.Out).RootElement.EnumerateArray());
        Assert.Equal(("mft-01|CVE-2023-34362", "accepted", 3), (row.GetProperty("key").GetString(), row.GetProperty("status").GetString(), row.GetProperty("acceptanceEndsInDays").GetInt32()));
        Assert.Empty(wide.Lines);
        Assert.Equal([$"fw-01|CVE-2023-27997  Critical  open (acceptance expired {ExposureStatusRules.Iso(today.AddDays(-10))})  FortiOS"], expired.Lines);
        Assert.Equal(["fw-01|CVE-2023-27997", "vpn-01|CVE-2023-4966"], open.Lines.Select(l => l[..l.IndexOf(' ')]));
        Assert.Equal((1, 1), (badWindow.Exit, windowAlone.Exit));
        Assert.Contains("tessera: --within: 91 is not a window of days (1 to 90; default 14).", badWindow.Error);
        Assert.Contains("tessera: --within: only --acceptance ending-soon takes a window of days", windowAlone.Error);
    }

    [Fact]
    public async Task List_AcceptanceEndingSoonWithoutWithin_UsesTheTeamsWindow()
    {
        var file = Write("w.csv", "id,cve,asset,severity,title\nW-1,CVE-2023-34362,mft-01,critical,MOVEit\n");
        var db = Path.Combine(_folder, "w.db");
        await RunAsync("exposures", "import", file, "--db", db);
        var ct = TestContext.Current.CancellationToken;
        var today = ExposureStatusRules.Today(TimeProvider.System.GetUtcNow());
        await using var services = new ServiceCollection().AddTesseraStorage(StorageOptions.Sqlite(db)).BuildServiceProvider();
        var store = services.GetRequiredService<IExposureStore>();
        var moveit = Assert.Single(await store.ListAsync(new ExposureQuery { Cve = "CVE-2023-34362" }, ct));
        Assert.True((await store.SetStatusAsync(moveit.Id, ExposureStatus.Accepted, "isolated (RISK-7)", today.AddDays(20), "analyst", ct)).IsSaved);

        var twoWeeks = await RunAsync("exposures", "list", "--acceptance", "ending-soon", "--db", db);
        await new ExposureSettings { AcceptanceWindowDays = 30 }.SaveAsync(services.GetRequiredService<Core.Storage.ISettingsStore>(), ct);
        var month = await RunAsync("exposures", "list", "--acceptance", "ending-soon", "--db", db);
        var narrowed = await RunAsync("exposures", "list", "--acceptance", "ending-soon", "--within", "7", "--db", db);

        Assert.Empty(twoWeeks.Lines);
        Assert.Equal(["mft-01|CVE-2023-34362"], month.Lines.Select(l => l[..l.IndexOf(' ')]));
        Assert.Empty(narrowed.Lines);
    }
}
