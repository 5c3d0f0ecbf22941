using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Api;

/// <summary>
/// Enum query parameters take one declared name, as enum body fields do (Hosting/EnumQueryParameters). A number
/// (<c>?state=77</c>) used to bind as a value no member has, so the filter silently matched nothing and answered 200.
/// </summary>
public sealed class EnumQueryParameterTests(TesseraServerFixture server) : IClassFixture<TesseraServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Every enum query parameter the API has today; the OpenAPI document must list at least these (a lost schema would
    // otherwise make the probe below check nothing).
    private static readonly string[] Known =
    [
        "/api/v1/alerts?state", "/api/v1/backlog?Reason", "/api/v1/backlog/export?Reason", "/api/v1/exposures?severity",
        "/api/v1/incidents?severity", "/api/v1/incidents?state", "/api/v1/incidents/heatmap?severity", "/api/v1/incidents/heatmap?state",
        "/api/v1/rules?source", "/api/v1/rules?validation",
    ];

    [Fact]
    public async Task EveryEnumQueryParameter_NumberOrCommaJoinedNames_BadRequestNamingItAndListingTheNames()
    {
        using var admin = await server.AdminAsync();
        var parameters = EnumQueryParameters(JsonNode.Parse(await admin.GetStringAsync("openapi/v1.json", Ct))!.AsObject()).ToList();

        foreach (var (path, name, names) in parameters)
        {
            foreach (var value in new[] { "77", $"{names[0]},{names[1]}" })
            {
                var response = await admin.GetAsync($"{path.TrimStart('/')}?{name}={Uri.EscapeDataString(value)}", Ct);

                var problem = await response.ExpectJsonAsync(HttpStatusCode.BadRequest);
                var detail = problem.GetProperty("detail").GetString();
                Assert.Equal($"{name}: '{value}' is not a name this parameter takes; expected one of {string.Join(", ", names)}.", detail);
                Assert.True(problem.GetProperty("errors").TryGetProperty(name, out _), $"{path}: errors lacks {name}");
            }
        }

        Assert.Superset(Known.ToHashSet(), parameters.Select(p => $"{p.Path}?{p.Name}").ToHashSet());
    }

    [Fact]
    public async Task ListIncidents_StateNamesInAnyCaseAndRepeated_FilterAsDeclared()
    {
        using var admin = await server.AdminAsync();
        var title = "enum query " + Guid.NewGuid().ToString("N");
        var created = await (await admin.PostAsJsonAsync("api/v1/incidents", new { title, severity = "High", state = "InProgress" }, Ct))
            .ExpectJsonAsync(HttpStatusCode.Created);

        var inProgress = await (await admin.GetAsync($"api/v1/incidents?q={title}&state=inprogress&STATE=closed&severity=HIGH", Ct)).ExpectJsonAsync(HttpStatusCode.OK);
        var closed = await (await admin.GetAsync($"api/v1/incidents?q={title}&state=closed", Ct)).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(created.GetProperty("id").GetInt64(), Assert.Single(inProgress.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());
        Assert.Empty(closed.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task ListRules_OneValueParameterGivenTwice_BadRequestSayingOne()
    {
        using var admin = await server.AdminAsync();

        var problem = await (await admin.GetAsync("api/v1/rules?validation=Untested&validation=Disabled", Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        Assert.StartsWith("validation: give one name, not 2 values; expected one of Untested, TestedPassing", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListRules_Unauthenticated_UnauthorizedBeforeTheValueIsChecked()
    {
        using var anonymous = server.Anonymous();

        var response = await anonymous.GetAsync("api/v1/rules?validation=77", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    // GET operations' query parameters whose schema (or item schema) lists enum names.
    private static IEnumerable<(string Path, string Name, string[] Names)> EnumQueryParameters(JsonObject document)
    {
        var schemas = document["components"]?["schemas"]?.AsObject();
        JsonNode? Resolve(JsonNode? schema) =>
            schema?["$ref"] is JsonValue reference ? schemas?[((string)reference!).Split('/')[^1]] : schema;

        foreach (var (path, operations) in document["paths"]!.AsObject())
        {
            foreach (var parameter in operations?["get"]?["parameters"]?.AsArray() ?? [])
            {
                var schema = Resolve(parameter!["schema"]);
                var names = (Resolve(schema?["items"]) ?? schema)?["enum"]?.AsArray().Select(n => (string?)n).OfType<string>().ToArray();
                if ((string?)parameter["in"] == "query" && names is { Length: > 1 })
                {
                    yield return (path, (string)parameter["name"]!, names);
                }
            }
        }
    }
}
