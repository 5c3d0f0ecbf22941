using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Infrastructure.Storage;
using Tessera.Server.Tests.Infrastructure;
using Tessera.Tests.Shared;

namespace Tessera.Server.Tests.Api.Coverage;

/// <summary>
/// DeTT&amp;CT imports that fill the inventory and the registry, on a server of their own (the other coverage tests
/// keep their data sources as they are).
/// </summary>
public sealed class DettectImportTests(TesseraServerFixture server) : IClassFixture<TesseraServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<string> SampleAsync(string file) => File.ReadAllTextAsync(SharedData.Combine("dettect", "sample-data", file), Ct);

    // QA: each data source was saved on its own, so a failure at one entry left the entries before it in the inventory,
    // with no coverage.dettect-import audit entry saying where they came from. A trigger in the server's database refuses
    // the file's last entry (a constraint the file cannot know of), after the entries before it were written.
    [Fact]
    public async Task DataSourceFile_LastEntryRefusedByTheDatabase_NothingImportedOrAudited()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        using var admin = await server.AdminAsync();
        var before = (await engineer.GetFromJsonAsync<JsonElement>("api/v1/data-sources", Ct)).GetArrayLength();
        var lines = (await SampleAsync("data-sources-endpoints.yaml")).Split('\n');
        var last = Array.LastIndexOf(lines, "          - Linux servers");
        Assert.True(last > 0);
        lines[last] = "          - Refused servers";
        await using var db = await server.App.Services.GetRequiredService<IDbContextFactory<TesseraDbContext>>().CreateDbContextAsync(Ct);
        await db.Database.ExecuteSqlRawAsync("""
            CREATE TRIGGER refuse_test_environment BEFORE INSERT ON data_sources WHEN NEW."Environment" = 'Refused servers'
            BEGIN SELECT RAISE(ABORT, 'refused by the test'); END
            """, Ct);
        HttpResponseMessage response;
        try
        {
            response = await engineer.PostAsJsonAsync("api/v1/coverage/dettect", new { fileName = "refused.yaml", content = string.Join("\n", lines) }, Ct);
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER refuse_test_environment", Ct);
        }

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(before, (await engineer.GetFromJsonAsync<JsonElement>("api/v1/data-sources", Ct)).GetArrayLength());
        var audit = await admin.GetFromJsonAsync<JsonElement>("api/v1/audit?action=coverage.dettect-import&entityId=refused.yaml", Ct);
        Assert.Equal(0, audit.GetProperty("totalCount").GetInt32());
    }

    // QA: two imports of one data source file at once split its entries between them (6 and 9 added). Each import is now
    // one transaction under the inventory's lock: one adds every entry, the others find them all.
    [Fact]
    public async Task DataSourceFile_EightImportsAtOnce_OneAddsEveryEntryTheOthersSkipThem()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        var content = await SampleAsync("data-sources-endpoints.yaml");
        var before = (await engineer.GetFromJsonAsync<JsonElement>("api/v1/data-sources", Ct)).GetArrayLength();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            engineer.PostAsJsonAsync("api/v1/coverage/dettect", new { fileName = "parallel-ds.yaml", content }, Ct)));

        var reports = new List<JsonElement>();
        foreach (var response in responses)
        {
            reports.Add(await response.ExpectJsonAsync(HttpStatusCode.OK));
        }

        // Every import reads the same entries; whichever ran first added those the inventory lacked.
        var entries = reports[0].GetProperty("dataSourcesAdded").GetInt32() + reports[0].GetProperty("dataSourcesSkipped").GetInt32();
        Assert.True(entries > 0);
        Assert.All(reports, r => Assert.Equal(entries, r.GetProperty("dataSourcesAdded").GetInt32() + r.GetProperty("dataSourcesSkipped").GetInt32()));
        var added = (await engineer.GetFromJsonAsync<JsonElement>("api/v1/data-sources", Ct)).GetArrayLength() - before;
        Assert.Equal([added, 0, 0, 0, 0, 0, 0, 0], reports.Select(r => r.GetProperty("dataSourcesAdded").GetInt32()).OrderDescending());
        using var admin = await server.AdminAsync();
        var audit = await admin.GetFromJsonAsync<JsonElement>("api/v1/audit?action=coverage.dettect-import&entityId=parallel-ds.yaml", Ct);
        Assert.Equal(8, audit.GetProperty("totalCount").GetInt32());
    }

    // QA: the same techniques file imported eight times at once answered 500 three times on PostgreSQL (the rules' unique index).
    [Fact]
    public async Task TechniquesFile_EightImportsAtOnce_AllSucceedOneCreatesTheRules()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        var content = await SampleAsync("techniques-administration-endpoints.yaml");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            engineer.PostAsJsonAsync("api/v1/coverage/dettect", new { fileName = "parallel-techniques.yaml", content }, Ct)));

        var reports = new List<JsonElement>();
        foreach (var response in responses)
        {
            reports.Add(await response.ExpectJsonAsync(HttpStatusCode.OK));
        }

        var created = reports.Select(r => r.GetProperty("rulesCreated").GetInt32()).OrderDescending().ToList();
        Assert.True(created[0] > 0);
        Assert.All(created.Skip(1), c => Assert.Equal(0, c));
        Assert.All(reports, r => Assert.Equal(0, r.GetProperty("rulesUpdated").GetInt32()));
        var rules = await engineer.GetFromJsonAsync<JsonElement>("api/v1/rules?source=Other&take=500", Ct);
        Assert.Equal(created[0], rules.GetProperty("total").GetInt32());
    }
}
