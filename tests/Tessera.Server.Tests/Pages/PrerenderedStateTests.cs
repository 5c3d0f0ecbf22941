using System.Buffers;
using System.Net;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Server.Components.Shared;
using Tessera.Server.Tests.Browser.Coverage;
using Tessera.Server.Tests.Infrastructure;
using ServerPages = Tessera.Server.Components.Pages;

namespace Tessera.Server.Tests.Pages;

/// <summary>
/// What pages carry from prerendering into their circuit (<c>[PersistentState]</c>), read from the HTML a signed-in
/// browser gets for the demo data set: every value comes back from its JSON as it went in (a value that lost a field
/// would render differently once interactive), nothing secret is in it, and no page grows by more than it should.
/// </summary>
public sealed class PrerenderedStateTests(CoverageDemoServerFixture server) : IClassFixture<CoverageDemoServerFixture>
{
    // The HTML grows by the state, base64 of data-protected JSON; past this a page is better loading twice.
    private const int MaxStateChars = 300_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A demo page for every component that persists state, with the components on it that do.</summary>
    private static readonly (string Path, Type[] Components)[] Cases =
    [
        ("", [typeof(ServerPages.Home)]),
        ("coverage/regressions", [typeof(ServerPages.Coverage.RegressionsPage)]),
        ("coverage/data-sources", [typeof(ServerPages.Coverage.DataSourcesPage)]),
        ("coverage/setup", [typeof(ServerPages.Coverage.CoverageSetupPage)]),
        ("backlog", [typeof(ServerPages.Backlog.BacklogPage)]),
        ("exposures", [typeof(ServerPages.Exposures.ExposuresPage)]),
        ("runbooks", [typeof(ServerPages.Runbooks.RunbooksPage)]),
        ("sources", [typeof(ServerPages.Sources.Sources)]),
        ("audit", [typeof(ServerPages.Admin.AuditLog)]),
        ("admin/users", [typeof(ServerPages.Admin.Users)]),
        ("admin/api-keys", [typeof(ServerPages.Admin.ApiKeys)]),
        ("admin/webhooks", [typeof(ServerPages.Webhooks.WebhooksPage)]),
        ("rules", [typeof(ServerPages.Coverage.RulesPage)]),
        ("rules?owner=windows-team", [typeof(ServerPages.Coverage.RulesPage)]),
        ("rules/{rule}", [typeof(ServerPages.Coverage.RuleDetailPage)]),
        ("coverage/technique/T1218.011", [typeof(ServerPages.Coverage.TechniquePage)]),
        ("coverage/technique/T1685", [typeof(ServerPages.Coverage.TechniquePage)]),
        ("incidents", [typeof(ServerPages.Incidents.IncidentList)]),
        ("incidents?technique=T1110", [typeof(ServerPages.Incidents.IncidentList)]),
        ("incidents/heatmap", [typeof(ServerPages.Incidents.IncidentHeatmap)]),
        ("incidents/heatmap?group=G0016", [typeof(ServerPages.Incidents.IncidentHeatmap)]),
        ("incidents/techniques/T1110", [typeof(ServerPages.Incidents.IncidentTechnique)]),
        ("incidents/1", [typeof(ServerPages.Incidents.IncidentDetail), typeof(Tessera.Server.Components.Incidents.AttackCard)]),
    ];

    public static TheoryData<string> Paths() => new(Cases.Select(c => c.Path));

    private static IEnumerable<PropertyInfo> Persisted(Type component) =>
        component.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(p => p.GetCustomAttribute<PersistentStateAttribute>() is not null);

    [Fact]
    public void EveryComponentThatPersistsState_HasADemoPageHere()
    {
        var persisting = typeof(Tessera.Server.Hosting.ApiJson).Assembly.GetTypes().Where(t => Persisted(t).Any()).ToList();

        Assert.NotEmpty(persisting);
        Assert.Empty(persisting.Except(Cases.SelectMany(c => c.Components)).Select(t => t.FullName));
    }

    [Fact]
    public void EveryPersistedType_GoesThroughTheBudgetedSerializer()
    {
        foreach (var type in PrerenderState.PersistedTypes())
        {
            var serializer = server.App.Services.GetService(typeof(PersistentComponentStateSerializer<>).MakeGenericType(type));
            Assert.True(serializer?.GetType() == typeof(PrerenderState.Serializer<>).MakeGenericType(type), $"{type}: {serializer?.GetType()}");
        }
    }

    [Fact]
    public void Serializer_ValueOverTheBudget_IsNotCarriedAndReadsBackAsNothing()
    {
        var serializer = new PrerenderState.Serializer<string[]>();
        var small = new ArrayBufferWriter<byte>();
        var big = new ArrayBufferWriter<byte>();

        serializer.Persist(["T1059"], small);
        serializer.Persist([new string('x', PrerenderState.MaxJsonBytes)], big);

        Assert.Equal("[\"T1059\"]", System.Text.Encoding.UTF8.GetString(small.WrittenSpan));
        Assert.Equal(["T1059"], serializer.Restore(new ReadOnlySequence<byte>(small.WrittenMemory)));
        Assert.Equal(0, big.WrittenCount);
        Assert.Null(serializer.Restore(ReadOnlySequence<byte>.Empty));
        // Two values at the budget, base64 twice over, still fit in the message that starts the circuit.
        Assert.True(2 * 1.8 * PrerenderState.MaxJsonBytes < PrerenderState.MaxCircuitMessageBytes);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task DemoPage_PersistedState_RoundTripsCarriesNoSecretAndStaysSmall(string path)
    {
        using var client = await server.SignedInClientAsync();
        var address = path.Replace("{rule}", await FirstRuleIdAsync(), StringComparison.Ordinal);

        var response = await client.GetAsync(address, Ct);

        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
        var state = PrerenderedState.Decode(html, server);
        var raw = PrerenderedState.Raw(html).Length;
        TestContext.Current.TestOutputHelper?.WriteLine($"/{path}: HTML {html.Length} chars, state {raw} chars ({string.Join(", ", state.Select(e => e.Value.Length))} JSON chars per value)");
        foreach (var property in Cases.Single(c => c.Path == path).Components.SelectMany(Persisted))
        {
            // Storage keys are hashes of the component's place in the tree; the value is the one whose JSON reads back the same.
            Assert.True(state.Values.Any(json => RoundTrips(json, property.PropertyType)),
                $"/{path}: no persisted value reads back as the {property.DeclaringType!.Name}.{property.Name} it was ({property.PropertyType.Name})");
        }

        foreach (var json in state.Values)
        {
            Assert.DoesNotMatch("(?i)\"[a-z]*(hash|secret|password|token)[a-z]*\"\\s*:", json);
        }

        Assert.True(raw < MaxStateChars, $"/{path}: {raw} chars of persisted state");
    }

    [Fact]
    public async Task TechniqueWithHundredsOfRules_OverTheBudget_CarriesNothingAndRenders()
    {
        using var client = await server.SignedInClientAsync();

        var html = await client.GetStringAsync("coverage/technique/T1059.001", Ct);

        // The drill-down is rendered; its value (some 150 KB of JSON) is left out, so the circuit loads it again.
        Assert.Contains("data-testid=\"technique-state\"", html);
        Assert.Contains(PrerenderedState.Decode(html, server).Values, json => json.Length == 0);
        Assert.True(PrerenderedState.Raw(html).Length < 10_000);
    }

    private async Task<string> FirstRuleIdAsync()
    {
        using var admin = await server.AdminAsync();
        using var rules = JsonDocument.Parse(await admin.GetStringAsync("api/v1/rules?take=1", Ct));
        return rules.RootElement.GetProperty("items")[0].GetProperty("id").GetString()!;
    }

    private static bool RoundTrips(string json, Type type)
    {
        try
        {
            var value = JsonSerializer.Deserialize(json, type, PrerenderedState.Options);
            return value is not null && JsonSerializer.Serialize(value, type, PrerenderedState.Options) == json;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (NotSupportedException)
        {
            return false;
        }
    }
}
