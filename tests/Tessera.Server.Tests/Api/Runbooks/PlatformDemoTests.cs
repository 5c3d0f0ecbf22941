using System.Net.Http.Json;
using System.Text.Json;
using Tessera.Server.Demo;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Api.Runbooks;

public sealed class PlatformDemoFixture : TesseraServerFixture
{
    protected override bool Demo => true;
}

public sealed class PlatformDemoTests(PlatformDemoFixture server) : IClassFixture<PlatformDemoFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Demo_PowerShellTechnique_GetsItsOwnAndTacticLevelRunbooks()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var credential = await viewer.GetFromJsonAsync<JsonElement>("api/v1/runbooks?technique=T1003.001", Ct);
        var powershell = await viewer.GetFromJsonAsync<JsonElement>("api/v1/runbooks?technique=T1059.001", Ct);

        Assert.Equal(("ParentTechnique", "Credential dumping response"),
            (credential[0].GetProperty("reason").GetString(), credential[0].GetProperty("runbook").GetProperty("title").GetString()));
        Assert.Contains("<strong>full command line</strong>", powershell[0].GetProperty("runbook").GetProperty("html").GetString());
    }

    [Fact]
    public async Task Demo_SeededTwice_KeepsOneDisabledWebhookAndThreeRunbooks()
    {
        await SeedAgainAsync();
        using var admin = await server.AdminAsync();

        var hooks = await admin.GetFromJsonAsync<JsonElement>("api/v1/webhooks", Ct);
        var runbooks = await admin.GetFromJsonAsync<JsonElement>("api/v1/runbooks", Ct);

        var demo = Assert.Single(hooks.EnumerateArray(), h => h.GetProperty("name").GetString() == WebhooksDemoSeeder.DemoName);
        Assert.False(demo.GetProperty("enabled").GetBoolean());
        Assert.Equal(RunbooksDemoSeeder.Runbooks.Count, runbooks.GetArrayLength());
    }

    private async Task SeedAgainAsync()
    {
        var context = new DemoContext(server.App.Services, (Tessera.Server.Knowledge.KnowledgeBaseHost)server.App.Services.GetService(typeof(Tessera.Server.Knowledge.KnowledgeBaseHost))!, null, TextWriter.Null);
        foreach (var seeder in new IDemoSeeder[] { new RunbooksDemoSeeder(), new WebhooksDemoSeeder() })
        {
            await seeder.SeedAsync(context, Ct);
        }
    }
}
