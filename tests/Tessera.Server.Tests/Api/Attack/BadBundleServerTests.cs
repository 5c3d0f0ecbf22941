using System.Net.Http.Json;
using System.Text.Json;
using Tessera.Server.Tests.Infrastructure;
using Tessera.Tests.Shared;

namespace Tessera.Server.Tests.Api.Attack;

/// <summary>A server started with one good and one malformed bundle.</summary>
public sealed class BadBundleServerFixture : TesseraServerFixture
{
    public string BadFile => Path.Combine(Folder, "broken-attack-18.1.json");

    protected override IReadOnlyList<string> AttackSources()
    {
        // Truncated mid-object, as an interrupted download would leave it.
        File.WriteAllText(BadFile, "{\"type\": \"bundle\", \"id\": \"bundle--1\", \"objects\": [\n  {\"type\": \"attack-pattern\", \"id\": ");
        return [SharedData.Attack("ics-attack-18.1.json"), BadFile];
    }
}

public sealed class BadBundleServerTests(BadBundleServerFixture server) : IClassFixture<BadBundleServerFixture>
{
    [Fact]
    public async Task Start_WithMalformedBundle_KeepsServingTheGoodOneAndReportsTheBadFile()
    {
        using var client = await server.ClientWithRoleAsync("Viewer");
        var collections = await client.GetFromJsonAsync<JsonElement>("api/v1/attack/collections", TestContext.Current.CancellationToken);
        Assert.Equal("ics-attack@18.1", Assert.Single(collections.EnumerateArray()).GetProperty("key").GetString());

        var output = server.ConsoleOutput.ToString();
        Assert.Contains("ATT&CK load error", output);
        Assert.Contains("broken-attack-18.1.json", output);
    }
}
