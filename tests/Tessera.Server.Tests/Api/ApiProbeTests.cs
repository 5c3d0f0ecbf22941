using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tessera.Server.Tests.Api.Incidents;

namespace Tessera.Server.Tests.Api;

/// <summary>
/// Every operation of the OpenAPI document, probed with input its authors did not plan for, on a demo server (so
/// the stores hold data): each write operation, pointed at a record the demo holds, gets a body built from its schema
/// with one field at a time left out or replaced by a null, a wrong type, an empty, huge or NUL string, a list holding null and so
/// on; each read and delete gets odd path and query values. No answer may be a server error, and every error must be a problem whose detail says what
/// was wrong (the README's promise). A throwaway version of this probe found 27 server errors in session 12.
/// Key and user administration is left out: the probe would revoke its own key.
/// </summary>
public sealed partial class ApiProbeTests(DemoServerFixture server) : IClassFixture<DemoServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly JsonNode?[] BadValues =
    [
        null, "", "zz", -1, long.MaxValue, 1e308, new JsonArray(), new JsonObject(), "\0", new string('x', 70_000),
        "9999-99-99", new JsonArray((JsonNode?)null), new JsonArray(""), new JsonArray(new JsonObject()),
    ];

    private static readonly string[] OddParameters =
    [
        "", "zz", "-1", "99999999999999999999", "9999-99-99", "2026-13-01", "T9999", "T1059.001", "\0", "<script>",
        new string('a', 5000), "1e9", "true", "enterprise", "NaN",
    ];

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex PathParameter();

    [Fact]
    public async Task WriteOperations_BodyWithOneFieldWrong_NeverAServerErrorAndEveryErrorExplained()
    {
        using var admin = await server.AdminAsync();
        var document = await OpenApiAsync(admin);
        var schemas = document["components"]!["schemas"]!.AsObject();
        var failures = new List<string>();
        var sent = 0;
        var resolved = 0;
        foreach (var (path, operations) in Operations(document))
        {
            string? concrete = null;
            foreach (var (method, operation) in operations)
            {
                if (method is not ("post" or "put" or "patch") || operation!["requestBody"]?["content"]?["application/json"]?["schema"] is not { } schema)
                {
                    continue;
                }

                if (concrete is null)
                {
                    concrete = await ExistingPathAsync(admin, path);
                    resolved += concrete != PathParameter().Replace(path, "1") ? 1 : 0;
                }

                var sample = Sample(schema, schemas, 0);
                foreach (var body in Variants(sample).Prepend(sample))
                {
                    sent++;
                    using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), concrete.TrimStart('/'))
                    {
                        Content = new StringContent(body?.ToJsonString() ?? "null", Encoding.UTF8, "application/json"),
                    };
                    await CheckAsync(admin, request, $"{method.ToUpperInvariant()} {concrete} {Cut(body?.ToJsonString())}", failures);
                }
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{sent} bodies sent, {resolved} paths on existing records");
        Assert.True(sent > 1_500, $"only {sent} bodies were built from the OpenAPI document: did its schemas lose their shape?");
        Assert.True(resolved >= 10, $"only {resolved} write paths were pointed at existing records: did the list answers change shape?");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} answers:\n{string.Join('\n', failures.Take(30))}");
    }

    [Fact]
    public async Task ReadAndDeleteOperations_OddPathAndQueryValues_NeverAServerErrorAndEveryErrorExplained()
    {
        using var admin = await server.AdminAsync();
        var document = await OpenApiAsync(admin);
        var failures = new List<string>();
        var sent = 0;
        foreach (var (path, operations) in Operations(document))
        {
            foreach (var (method, operation) in operations.Where(o => o.Key is "get" or "delete"))
            {
                var parameters = operation!["parameters"]?.AsArray().Select(p => (Name: (string)p!["name"]!, In: (string)p["in"]!)).ToList() ?? [];
                var hasPathParameters = parameters.Any(p => p.In == "path");
                foreach (var value in hasPathParameters ? OddParameters : [])
                {
                    sent++;
                    var target = PathParameter().Replace(path, Uri.EscapeDataString(value)).TrimStart('/');
                    using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), target);
                    await CheckAsync(admin, request, $"{method.ToUpperInvariant()} {Cut(target)}", failures);
                }

                if (method != "get")
                {
                    continue;
                }

                var plain = PathParameter().Replace(path, "1").TrimStart('/');
                foreach (var query in parameters.Where(p => p.In == "query"))
                {
                    foreach (var value in OddParameters)
                    {
                        sent++;
                        var target = $"{plain}?{query.Name}={Uri.EscapeDataString(value)}";
                        using var request = new HttpRequestMessage(HttpMethod.Get, target);
                        await CheckAsync(admin, request, $"GET {Cut(target)}", failures);
                    }
                }
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{sent} requests sent");
        Assert.True(sent > 1_000, $"only {sent} requests were built from the OpenAPI document");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} answers:\n{string.Join('\n', failures.Take(30))}");
    }

    // The path with each parameter pointing at a record the demo holds, so a body reaches the code that validates it:
    // "1" is no GUID, so every write on a rule, exposure, webhook or runbook used to stop at routing with a 404. The
    // record is the first one the list at the path's prefix returns (an "items" page or a plain array; its "id" or
    // "key"); a technique parameter gets a technique ID; anything not found stays "1".
    private static async Task<string> ExistingPathAsync(HttpClient client, string path)
    {
        var concrete = path;
        while (PathParameter().Match(concrete) is { Success: true } parameter)
        {
            var value = "1";
            if (parameter.Groups[1].Value.Contains("technique", StringComparison.OrdinalIgnoreCase))
            {
                value = "T1059.001";
            }
            else
            {
                using var list = await client.GetAsync(concrete[..parameter.Index].Trim('/'), Ct);
                if (list.IsSuccessStatusCode && JsonNode.Parse(await list.Content.ReadAsStringAsync(Ct)) is { } answer
                    && (answer as JsonArray ?? answer["items"] as JsonArray) is { Count: > 0 } items
                    && (items[0]?["id"] ?? items[0]?["key"]) is JsonValue id)
                {
                    value = Uri.EscapeDataString(id.ToString());
                }
            }

            concrete = concrete[..parameter.Index] + value + concrete[(parameter.Index + parameter.Length)..];
        }

        return concrete;
    }

    private static async Task<JsonObject> OpenApiAsync(HttpClient client)
    {
        var text = await client.GetStringAsync("openapi/v1.json", Ct);
        return JsonNode.Parse(text)!.AsObject();
    }

    // API operations only, without key and user administration (the probe would revoke its own key).
    private static IEnumerable<(string Path, JsonObject Operations)> Operations(JsonObject document) =>
        document["paths"]!.AsObject()
            .Where(p => p.Key.StartsWith("/api/", StringComparison.Ordinal) && !p.Key.Contains("api-keys", StringComparison.Ordinal) && !p.Key.Contains("/users", StringComparison.Ordinal))
            .Select(p => (p.Key, p.Value!.AsObject()));

    private static async Task CheckAsync(HttpClient client, HttpRequestMessage request, string what, List<string> failures)
    {
        using var response = await client.SendAsync(request, Ct);
        if ((int)response.StatusCode < 400)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(Ct);
        if ((int)response.StatusCode >= 500)
        {
            failures.Add($"{what} -> {(int)response.StatusCode} {Cut(body)}");
            return;
        }

        // Kestrel refuses a request line holding a NUL (400) or longer than its 8 KB limit (414) before any of our
        // code runs, with an empty answer; nothing in the application can add a detail to those.
        var target = request.RequestUri!.OriginalString;
        if (body.Length == 0 && ((response.StatusCode == HttpStatusCode.BadRequest && target.Contains("%00", StringComparison.Ordinal))
            || (response.StatusCode == HttpStatusCode.RequestUriTooLong && target.Length > 8 * 1024)))
        {
            return;
        }

        try
        {
            var problem = JsonDocument.Parse(body).RootElement;
            if (!problem.TryGetProperty("detail", out var detail) || string.IsNullOrWhiteSpace(detail.GetString()))
            {
                failures.Add($"{what} -> {(int)response.StatusCode} without a detail: {Cut(body)}");
            }
            else if (detail.GetString()!.Split((char[]?)null).FirstOrDefault(word => word.Length > Tessera.Server.Api.Problems.MaxEchoedWord + 1) is { } echoed)
            {
                // The 5,000-character value used to come back whole in a dozen details.
                failures.Add($"{what} -> {(int)response.StatusCode} echoes {echoed.Length} characters: {Cut(echoed)}");
            }
            else if (DotNetWords.FirstOrDefault(w => detail.GetString()!.Contains(w, StringComparison.Ordinal)) is { } leaked)
            {
                // Binding errors named C# types ("Nullable<DateTimeOffset> from", "Did you mean to use a Service instead?").
                failures.Add($"{what} -> {(int)response.StatusCode} speaks .NET ({leaked}): {Cut(detail.GetString())}");
            }
        }
        catch (JsonException)
        {
            failures.Add($"{what} -> {(int)response.StatusCode} not a problem document ({response.Content.Headers.ContentType}): {Cut(body)}");
        }
    }

    // Words of the framework's own messages that mean nothing to an API client.
    private static readonly string[] DotNetWords = ["Nullable<", "System.", "Int32", "Int64", "Failed to bind parameter", "Required parameter \"", "use a Service instead"];

    private static string Cut(string? text) => text is null ? "null" : text.Length <= 160 ? text : text[..160] + "…";

    private static JsonObject Resolve(JsonNode schema, JsonObject schemas)
    {
        var current = schema.AsObject();
        while (current["$ref"] is { } reference)
        {
            current = schemas[((string)reference!).Split('/')[^1]]!.AsObject();
        }

        return current;
    }

    // A plausible value for a schema: the first enum value, an object with every property, a list of one element.
    private static JsonNode? Sample(JsonNode schema, JsonObject schemas, int depth)
    {
        var s = Resolve(schema, schemas);
        if (depth > 4)
        {
            return null;
        }

        if (s["enum"] is JsonArray values && values.Count > 0)
        {
            return values[0]?.DeepClone();
        }

        var type = s["type"] switch
        {
            JsonArray types => types.Select(t => (string?)t).FirstOrDefault(t => t != "null") ?? "null",
            JsonValue value => (string?)value,
            _ => s["properties"] is not null ? "object" : null,
        };
        if (s["oneOf"] is JsonArray oneOf && oneOf.Count > 0)
        {
            return Sample(oneOf.First(o => Resolve(o!, schemas)["type"]?.ToString() != "null")!, schemas, depth);
        }

        return type switch
        {
            "object" => new JsonObject((s["properties"]?.AsObject() ?? []).Select(p => KeyValuePair.Create(p.Key, Sample(p.Value!, schemas, depth + 1)))),
            "array" => new JsonArray(s["items"] is { } items ? Sample(items, schemas, depth + 1) : null),
            "integer" => 1,
            "number" => 1.5,
            "boolean" => true,
            _ => (string?)s["format"] switch
            {
                "uuid" => Guid.NewGuid().ToString(),
                "date-time" => "2026-01-01T00:00:00Z",
                "date" => "2026-01-01",
                _ => "T1059",
            },
        };
    }

    // The sample with one member (at any depth; a list's first element) replaced by each bad value.
    private static IEnumerable<JsonNode?> Variants(JsonNode? sample)
    {
        if (sample is null)
        {
            yield break;
        }

        // A field left out binds to null or its default, which the handler must refuse by name as it does a null
        // (POST /users without a password used to be a 500; a PATCH without its version a misleading 409).
        if (sample is JsonObject whole)
        {
            yield return new JsonObject();
            foreach (var name in whole.Select(p => p.Key).ToList())
            {
                var copy = whole.DeepClone().AsObject();
                copy.Remove(name);
                yield return copy;
            }
        }

        foreach (var path in MemberPaths(sample, []))
        {
            foreach (var bad in BadValues)
            {
                var copy = sample.DeepClone();
                var parent = path[..^1].Aggregate(copy, (node, step) => step is int i ? node![i]! : node![(string)step]!);
                switch (path[^1])
                {
                    case int i:
                        parent.AsArray()[i] = bad?.DeepClone();
                        break;
                    case string name:
                        parent.AsObject()[name] = bad?.DeepClone();
                        break;
                }

                yield return copy;
            }
        }
    }

    private static IEnumerable<object[]> MemberPaths(JsonNode node, object[] prefix)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o)
                {
                    object[] here = [.. prefix, name];
                    yield return here;
                    if (value is not null)
                    {
                        foreach (var deeper in MemberPaths(value, here))
                        {
                            yield return deeper;
                        }
                    }
                }

                break;
            case JsonArray { Count: > 0 } a when a[0] is { } first:
                foreach (var deeper in MemberPaths(first, [.. prefix, 0]))
                {
                    yield return deeper;
                }

                break;
        }
    }
}
