using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Incidents;
using Tessera.Infrastructure;
using Tessera.Infrastructure.Storage;
using Tessera.Tests.Shared;

namespace Tessera.Cli.Tests.Commands;

/// <summary><c>tessera incidents</c> against a real SQLite database seeded through the incident store.</summary>
public sealed class IncidentCommandTests : IDisposable
{
    private const string Enterprise = "enterprise-attack@18.1";
    private readonly string _folder = Directory.CreateTempSubdirectory("tessera-incidents-cli").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Db => Path.Combine(_folder, "tessera.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Two incidents; the second carries T1003.001 by hand and an alert that names T1059.001.</summary>
    private async Task<(Incident Phishing, Incident Dump)> SeedAsync()
    {
        await EmptyDatabase.CreateAsync(Db);
        await using var services = new ServiceCollection().AddTesseraStorage(StorageOptions.Sqlite(Db)).BuildServiceProvider();
        var store = services.GetRequiredService<IIncidentStore>();
        var phishing = (await store.CreateAsync(new NewIncident { Title = "Phishing wave", Severity = IncidentSeverity.Medium }, Ct)).Value!;
        var dump = (await store.CreateAsync(new NewIncident { Title = "LSASS dumped on FIN-WS-07", Severity = IncidentSeverity.High }, Ct)).Value!;
        await store.ChangeAssociationsAsync(dump.Id, dump.Version, AssociationOrigin.Manual("alice"),
            [new AssociationTarget(Enterprise, "credential-access", "T1003.001")], [], "alice", Ct);
        await store.AttachAlertAsync(new NewIncidentAlert
        {
            IncidentId = dump.Id, AlertId = "evt-7", Title = "Encoded PowerShell", Source = "wazuh", Rule = "encoded powershell", Techniques = ["T1059.001"],
        }, Ct);
        return (phishing, dump);
    }

    [Fact]
    public async Task List_Json_NewestFirstWithTotal()
    {
        var (phishing, dump) = await SeedAsync();

        var run = await CliRunner.RunAsync("incidents", "list", "--db", Db, "--json");

        Assert.Equal(0, run.Exit);
        var root = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal(2, root.GetProperty("total").GetInt32());
        Assert.Equal([dump.Number, phishing.Number], root.GetProperty("incidents").EnumerateArray().Select(i => i.GetProperty("number").GetString()));
    }

    [Fact]
    public async Task List_TechniqueFilter_OnlyIncidentsCarryingIt()
    {
        var (_, dump) = await SeedAsync();

        var run = await CliRunner.RunAsync("incidents", "list", "--db", Db, "--technique", "T1003.001");

        Assert.Equal(0, run.Exit);
        Assert.StartsWith(dump.Number + "\tNew\tHigh", run.Lines[0]);
        Assert.Equal("1 of 1 incident(s)", run.Lines[^1]);
    }

    // QA: the API lists T1003.001 incidents for T1003; the CLI listed "0 of 0".
    [Fact]
    public async Task List_ParentTechnique_FindsItsSubTechniques()
    {
        var (_, dump) = await SeedAsync();

        var run = await CliRunner.RunAsync("incidents", "list", "--db", Db, "--technique", "T1003");

        Assert.Equal(0, run.Exit);
        Assert.StartsWith(dump.Number + "\tNew\tHigh", run.Lines[0]);
        Assert.Equal("1 of 1 incident(s)", run.Lines[^1]);
    }

    // QA: anything was taken ("garbage", a tactic's TA0001) and answered "0 of 0", exit 0; the API refuses it.
    [Theory]
    [InlineData("garbage")]
    [InlineData("TA0001")]
    public async Task List_TechniqueThatIsNoTechniqueId_ExitsOneNamingTheOption(string technique)
    {
        await SeedAsync();

        var run = await CliRunner.RunAsync("incidents", "list", "--db", Db, "--technique", technique);

        Assert.Equal((1, $"tessera: --technique takes a technique ID such as T1059 or T1059.001, not '{technique}'"), (run.Exit, run.Error.Trim()));
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task List_TitleWithLineBreakTabAndEscape_StaysOneLineOfFiveColumns()
    {
        await EmptyDatabase.CreateAsync(Db);
        await using (var services = new ServiceCollection().AddTesseraStorage(StorageOptions.Sqlite(Db)).BuildServiceProvider())
        {
            await services.GetRequiredService<IIncidentStore>().CreateAsync(
                new NewIncident { Title = "Beacon\nfrom\thost \u001b[2Jcleared", Severity = IncidentSeverity.Low }, Ct);
        }

        var run = await CliRunner.RunAsync("incidents", "list", "--db", Db);

        Assert.Equal(2, run.Lines.Count);
        var columns = run.Lines[0].Split('\t');
        Assert.Equal(5, columns.Length);
        Assert.Equal("Beacon from host  [2Jcleared", columns[4]);
    }

    [Fact]
    public async Task Show_Json_TechniquesWithOriginsAndAlerts()
    {
        var (_, dump) = await SeedAsync();

        var run = await CliRunner.RunAsync("incidents", "show", dump.Number, "--db", Db, "--json");

        Assert.Equal(0, run.Exit);
        var root = JsonDocument.Parse(run.Out).RootElement;
        var technique = Assert.Single(root.GetProperty("techniques").EnumerateArray());
        Assert.Equal(("T1003.001", "manual:alice"), (technique.GetProperty("technique").GetString(), technique.GetProperty("origins")[0].GetString()));
        Assert.Equal("evt-7", Assert.Single(root.GetProperty("alerts").EnumerateArray()).GetProperty("alertId").GetString());
    }

    [Theory]
    [InlineData("INC-09999", "INC-09999 does not exist")]
    [InlineData("INC-x", "'INC-x' is not an incident number")]
    public async Task Show_UnknownOrMalformedNumber_FailsNamingIt(string number, string message)
    {
        await SeedAsync();

        var run = await CliRunner.RunAsync("incidents", "show", number, "--db", Db);

        Assert.Equal(1, run.Exit);
        Assert.Contains(message, run.Error);
    }

    [Fact]
    public async Task ExportLayer_Enterprise181_NavigatorLayerWithTheTechnique()
    {
        var (_, dump) = await SeedAsync();
        var file = Path.Combine(_folder, "layer.json");

        var run = await CliRunner.RunAsync("incidents", "export-layer", dump.Id.ToString(), "--out", file, "--db", Db, "--attack", SharedData.Enterprise181);

        Assert.Equal(0, run.Exit);
        var layer = JsonDocument.Parse(await File.ReadAllTextAsync(file, Ct)).RootElement;
        Assert.Equal("4.5", layer.GetProperty("versions").GetProperty("layer").GetString());
        Assert.Contains(layer.GetProperty("techniques").EnumerateArray(), t => t.GetProperty("techniqueID").GetString() == "T1003.001");
    }
}
