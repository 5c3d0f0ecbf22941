using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Api;

public sealed class SecurityApiTests(TesseraServerFixture server) : IClassFixture<TesseraServerFixture>
{
    [Fact]
    public async Task Me_WithoutCredentials_Returns401Problem()
    {
        using var client = server.Anonymous();
        var response = await client.GetAsync("api/v1/me", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Me_WithUnknownApiKey_Returns401()
    {
        using var client = server.Anonymous();
        client.DefaultRequestHeaders.Add("X-Api-Key", "tsk_doesnotexist_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        var response = await client.GetAsync("api/v1/me", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    // A client or proxy that always sends the key header, empty when it has no key, made a browser's cookie a 401.
    [Theory]
    [InlineData("X-Api-Key", "")]
    [InlineData("X-Api-Key", "   ")]
    [InlineData("Authorization", "Bearer ")]
    public async Task Me_SignedInCookieWithAnEmptyKeyHeader_IsTheCookiesUser(string header, string value)
    {
        using var session = await server.SignedInClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/me");
        request.Headers.TryAddWithoutValidation(header, value);

        var response = await session.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("admin", (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("name").GetString());
    }

    // Sign out without the form's antiforgery token was a 500 (AntiforgeryValidationException logged as unhandled);
    // the user stayed signed in, which is right, but the answer should be the 400 the other forms give.
    [Fact]
    public async Task Logout_WithoutAntiforgeryToken_BadRequestAndStillSignedIn()
    {
        using var session = await CookieSession.SignInAsync(server.BaseAddress, "admin", TesseraServerFixture.AdminPassword);
        var ct = TestContext.Current.CancellationToken;

        var bare = await session.Client.PostAsync("account/logout", null, ct);
        var forged = await session.Client.PostAsync("account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = "forged" }), ct);
        var stillIn = await session.Client.GetAsync("api/v1/me", ct);
        var real = await session.PostFormAsync("", "account/logout", []);
        var after = await session.Client.GetAsync("api/v1/me", ct);

        foreach (var refused in new[] { bare, forged })
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(ct);
            Assert.StartsWith("the sign-out form's antiforgery token is missing or invalid", problem.GetProperty("detail").GetString());
        }

        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        Assert.Equal((HttpStatusCode.Redirect, "/account/login"), (real.StatusCode, real.Headers.Location?.OriginalString));
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Me_WithViewerKey_ShowsRoleAndReadOnlyPermissions()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");
        var me = await viewer.GetFromJsonAsync<JsonElement>("api/v1/me", TestContext.Current.CancellationToken);
        Assert.Equal("Viewer", me.GetProperty("role").GetString());
        Assert.Equal(["Read"], me.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()!).ToList());
    }

    [Theory]
    [InlineData("Viewer")]
    [InlineData("Analyst")]
    [InlineData("DetectionEngineer")] // only admins manage users, whatever else a role may change
    public async Task CreateUser_WithoutManageUsers_Returns403(string role)
    {
        using var client = await server.ClientWithRoleAsync(role);
        var response = await client.PostAsJsonAsync("api/v1/users",
            new { userName = "intruder" + role, password = "a-long-password-123", role = "Admin" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task CreateUser_AsAdmin_IsAuditedWithActorAndAfterSnapshot()
    {
        using var admin = await server.AdminAsync();
        var name = "analyst-" + Guid.NewGuid().ToString("N")[..8];
        var response = await admin.PostAsJsonAsync("api/v1/users",
            new { userName = name, password = "a-long-password-123", role = "Analyst" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var id = created.GetProperty("id").GetString();

        var audit = await admin.GetFromJsonAsync<JsonElement>($"api/v1/audit?action=user.create&entityId={id}", TestContext.Current.CancellationToken);
        var entry = Assert.Single(audit.GetProperty("items").EnumerateArray());
        var evt = entry.GetProperty("event");
        Assert.Equal("apikey:test-admin", evt.GetProperty("actor").GetProperty("name").GetString());
        Assert.Contains(name, evt.GetProperty("afterJson").GetString());
        Assert.DoesNotContain("password", evt.GetProperty("afterJson").GetString(), StringComparison.OrdinalIgnoreCase);
        // Enums by name, as the API writes them (the snapshot used to say "role":1).
        Assert.Equal("Analyst", JsonDocument.Parse(evt.GetProperty("afterJson").GetString()!).RootElement.GetProperty("role").GetString());
    }

    // 'user*' used to be taken literally (only 'user.*' was a prefix) and answered an empty page.
    [Fact]
    public async Task Audit_ActionEndingInStar_IsAPrefix_StarElsewhereIs400()
    {
        using var admin = await server.AdminAsync();
        (await admin.PostAsJsonAsync("api/v1/users", new { userName = "audited-" + Guid.NewGuid().ToString("N")[..8], password = "a-long-password-123", role = "Viewer" },
            TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var prefix = await admin.GetFromJsonAsync<JsonElement>("api/v1/audit?action=user*", TestContext.Current.CancellationToken);
        var inside = await (await admin.GetAsync("api/v1/audit?action=user*create", TestContext.Current.CancellationToken)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        Assert.Contains(prefix.GetProperty("items").EnumerateArray(), e => e.GetProperty("event").GetProperty("action").GetString() == "user.create");
        Assert.Contains("* is a wildcard only at the end", inside.GetProperty("detail").GetString());
    }

    // QA: from after to answered an empty page (the incident list refuses it); a date alone as to now includes its day.
    [Fact]
    public async Task Audit_FromAfterTo_400_DateAloneAsToIncludesThatDay()
    {
        using var admin = await server.AdminAsync();
        var ct = TestContext.Current.CancellationToken;
        var name = "period-" + Guid.NewGuid().ToString("N")[..8];
        (await admin.PostAsJsonAsync("api/v1/users", new { userName = name, password = "a-long-password-123", role = "Viewer" }, ct)).EnsureSuccessStatusCode();
        var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var reversed = await (await admin.GetAsync("api/v1/audit?from=2026-12-01&to=2026-11-01", ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);
        var sameDay = await admin.GetFromJsonAsync<JsonElement>($"api/v1/audit?action=user.create&from={today}&to={today}&take=500", ct);

        Assert.Contains("from (2026-12-01) is after to (2026-11-01)", reversed.GetProperty("detail").GetString());
        Assert.Contains(sameDay.GetProperty("items").EnumerateArray(), e => e.GetProperty("event").GetProperty("afterJson").GetString()!.Contains(name));
    }

    // Each used to be a 500 (a null reaching the name check or the password hasher).
    [Theory]
    [InlineData("""{"password": "a-long-password-123", "role": "Viewer"}""", "userName is required")]
    [InlineData("""{"userName": "no-password", "role": "Viewer"}""", "password is required")]
    [InlineData("""{}""", "userName is required")]
    public async Task CreateUser_MissingNameOrPassword_Returns400NamingIt(string json, string detail)
    {
        using var admin = await server.AdminAsync();

        var response = await admin.PostAsync("api/v1/users", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(detail + ".", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task CreateUser_ShortPassword_Returns400WithDetail()
    {
        using var admin = await server.AdminAsync();
        var response = await admin.PostAsJsonAsync("api/v1/users",
            new { userName = "shorty", password = "short", role = "Viewer" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task RevokedApiKey_NoLongerAuthenticates()
    {
        using var admin = await server.AdminAsync();
        var response = await admin.PostAsJsonAsync("api/v1/api-keys", new { name = "short-lived", role = "Viewer" }, TestContext.Current.CancellationToken);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var token = created.GetProperty("token").GetString()!;
        var keyId = created.GetProperty("key").GetProperty("keyId").GetString()!;

        using var client = server.Anonymous();
        client.DefaultRequestHeaders.Add("X-Api-Key", token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/v1/me", TestContext.Current.CancellationToken)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"api/v1/api-keys/{keyId}", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("api/v1/me", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheApi()
    {
        using var client = server.Anonymous();
        var doc = await client.GetFromJsonAsync<JsonElement>("openapi/v1.json", TestContext.Current.CancellationToken);
        Assert.Equal("Tessera API", doc.GetProperty("info").GetProperty("title").GetString());
        Assert.True(doc.GetProperty("paths").TryGetProperty("/api/v1/users", out _));
    }

    // A JSON converter hides a type's shape from the schema exporter, which then writes {} ("anything"): lists of
    // request bodies once became {} that way. Only JsonElement (any JSON, e.g. alert fields) is meant to be open.
    [Fact]
    public async Task OpenApiDocument_EverySchemaHasAShape()
    {
        using var client = server.Anonymous();
        var doc = await client.GetFromJsonAsync<JsonElement>("openapi/v1.json", TestContext.Current.CancellationToken);

        var schemas = doc.GetProperty("components").GetProperty("schemas").EnumerateObject().ToList();
        var empty = schemas.Where(s => s.Name != "JsonElement" && !s.Value.EnumerateObject().Any()).Select(s => s.Name)
            .Concat(schemas.Where(s => s.Value.TryGetProperty("properties", out _))
                .SelectMany(s => s.Value.GetProperty("properties").EnumerateObject().Where(p => !p.Value.EnumerateObject().Any()).Select(p => $"{s.Name}.{p.Name}")))
            .ToList();

        Assert.True(schemas.Count > 100, $"{schemas.Count} schemas");
        Assert.Empty(empty);
        var technique = schemas.Single(s => s.Name == "TechniqueId").Value;
        Assert.Equal("string", technique.GetProperty("type").GetString());
        var rule = schemas.Single(s => s.Name == "ManualRuleInput").Value.GetProperty("properties").GetProperty("techniques");
        Assert.Equal(("array", "string"), (rule.GetProperty("type").GetString(), rule.GetProperty("items").GetProperty("type").GetString()));
    }

    [Fact]
    public async Task OpenApiDocument_EveryOperation_HasSummaryAndItsPermission()
    {
        using var client = server.Anonymous();
        var doc = await client.GetFromJsonAsync<JsonElement>("openapi/v1.json", TestContext.Current.CancellationToken);
        var scheme = doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("apiKey");
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());

        var problems = new List<string>();
        var operations = 0;
        foreach (var path in doc.GetProperty("paths").EnumerateObject())
        {
            foreach (var op in path.Value.EnumerateObject())
            {
                operations++;
                var name = $"{op.Name.ToUpperInvariant()} {path.Name}";
                if (!op.Value.TryGetProperty("summary", out var summary) || string.IsNullOrWhiteSpace(summary.GetString()))
                {
                    problems.Add($"{name}: no summary");
                }

                // Every API operation requires a permission; the document must say which and how to authenticate.
                var description = op.Value.TryGetProperty("description", out var d) ? d.GetString() ?? "" : "";
                if (!description.Contains("Requires permission ", StringComparison.Ordinal)
                    || !op.Value.TryGetProperty("security", out _)
                    || !op.Value.GetProperty("responses").TryGetProperty("401", out _)
                    || !op.Value.GetProperty("responses").TryGetProperty("403", out _))
                {
                    problems.Add($"{name}: permission, security or 401/403 not described");
                }
            }
        }

        Assert.True(operations > 100, $"only {operations} operations described");
        Assert.Empty(problems);
        var createKey = doc.GetProperty("paths").GetProperty("/api/v1/api-keys").GetProperty("post");
        Assert.Contains("Requires permission ManageApiKeys.", createKey.GetProperty("description").GetString());
    }

    // QA: user operations listed no 400/404/409 and marked optional fields (displayName, role on a PATCH) required.
    [Fact]
    public async Task OpenApi_UserOperations_ListTheirProblemAnswersAndOnlyRequiredFields()
    {
        using var client = server.Anonymous();
        var doc = await client.GetFromJsonAsync<JsonElement>("openapi/v1.json", TestContext.Current.CancellationToken);
        var paths = doc.GetProperty("paths");
        static IEnumerable<string> Codes(JsonElement op) => op.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order();
        static IEnumerable<string> Required(JsonElement doc, string schema) =>
            doc.GetProperty("components").GetProperty("schemas").GetProperty(schema).TryGetProperty("required", out var r)
                ? r.EnumerateArray().Select(e => e.GetString()!).Order() : [];

        Assert.Equal(["200", "400", "401", "403", "404", "409"], Codes(paths.GetProperty("/api/v1/users/{id}").GetProperty("patch")));
        Assert.Equal(["201", "400", "401", "403"], Codes(paths.GetProperty("/api/v1/users").GetProperty("post")));
        Assert.Equal(["200", "401", "403"], Codes(paths.GetProperty("/api/v1/users").GetProperty("get")));
        Assert.Equal(["password", "role", "userName"], Required(doc, "CreateUserRequest"));
        Assert.Equal(["version"], Required(doc, "UpdateUserRequest"));
    }
}
