using System.Text.Json;
using static Tessera.Cli.Tests.CliRunner;

namespace Tessera.Cli.Tests.Commands;

public sealed class ExposuresCveMappingCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    private string Db => _temp.Combine("tessera.db");

    public void Dispose() => _temp.Dispose();

    // PAN-OS CVE-2024-3400 (a KEV entry the CTID mappings do not cover) on two firewalls.
    private Task<Run> ImportAsync() => RunAsync("exposures", "import",
        _temp.Write("scan.csv", "id,cve,asset,severity,title\nP-1,CVE-2024-3400,fw-01,critical,PAN-OS\nP-2,CVE-2024-3400,fw-02,high,PAN-OS\n"), "--db", Db);

    [Fact]
    public async Task MapCve_AddTwiceListThenRemove_CountsBothExposuresAndAuditsOnlyChanges()
    {
        await ImportAsync();

        var added = await RunAsync("exposures", "map-cve", "cve-2024-3400", "t1190", "--db", Db);
        var again = await RunAsync("exposures", "map-cve", "CVE-2024-3400", "T1190", "--db", Db, "--json");
        var listed = await RunAsync("exposures", "cve-mappings", "--db", Db, "--json");
        var removed = await RunAsync("exposures", "map-cve", "CVE-2024-3400", "T1190", "--remove", "--db", Db);
        var removedAgain = await RunAsync("exposures", "map-cve", "CVE-2024-3400", "T1190", "--remove", "--db", Db);
        var empty = await RunAsync("exposures", "cve-mappings", "--db", Db);
        var audit = await RunAsync("audit", "list", "--db", Db, "--json", "--entity-type", "exposure-cve-mapping");

        Assert.Equal([0, 0, 0, 0, 1, 0], new[] { added, again, listed, removed, removedAgain, empty }.Select(r => r.Exit));
        Assert.Equal("CVE-2024-3400 → T1190: mapped for every exposure with this CVE; 2 stored exposures with this CVE, 2 open", added.Lines.Last());
        Assert.Equal("unchanged", JsonDocument.Parse(again.Out).RootElement.GetProperty("outcome").GetString());
        var row = Assert.Single(JsonDocument.Parse(listed.Out).RootElement.EnumerateArray());
        Assert.Equal(("CVE-2024-3400", "T1190", 2, Environment.UserName),
            (row.GetProperty("cve").GetString(), row.GetProperty("technique").GetString(), row.GetProperty("exposures").GetInt32(), row.GetProperty("addedBy").GetString()));
        Assert.StartsWith("CVE-2024-3400 → T1190: removed", removed.Lines.Last());
        Assert.Contains("tessera: CVE-2024-3400 has no CVE-wide mapping to T1190", removedAgain.Error);
        Assert.Empty(empty.Lines);
        Assert.Contains("0 CVE mappings", empty.Error);
        // One entry for the add, one for the removal: the repeated add changed nothing.
        var actions = JsonDocument.Parse(audit.Out).RootElement.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString()).Order();
        Assert.Equal(["exposure.cve-mapping.add", "exposure.cve-mapping.remove"], actions);
    }

    [Fact]
    public async Task MapCve_MalformedCveAndTechnique_FailsNamingBothArgumentsAndStoresNothing()
    {
        await ImportAsync();

        var bad = await RunAsync("exposures", "map-cve", "CVE-24-3400", "TA0001", "--db", Db);
        var listed = await RunAsync("exposures", "cve-mappings", "--db", Db, "--json");

        Assert.Equal(1, bad.Exit);
        Assert.Contains("CVE: 'CVE-24-3400' is not a CVE ID", bad.Error);
        Assert.Contains("TECHNIQUE: 'TA0001' is not a technique ID", bad.Error);
        Assert.Empty(JsonDocument.Parse(listed.Out).RootElement.EnumerateArray());
    }
}
