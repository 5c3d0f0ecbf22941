using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tessera.Core.Webhooks;
using Tessera.Server.Tests.Infrastructure;
using Tessera.Tests.Shared.Webhooks;

namespace Tessera.Server.Tests.Api.Webhooks;

public sealed class WebhookApiTests(TesseraServerFixture server) : IClassFixture<TesseraServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> CreateAsync(HttpClient admin, Uri url, string? secret = null)
    {
        var response = await admin.PostAsJsonAsync("api/v1/webhooks", new { name = "soar-test", url, eventTypes = new[] { "coverage.regression" }, secret }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    [Fact]
    public async Task Create_WithoutSecret_ReturnsGeneratedSecretOnceAndNeverInListOrGet()
    {
        using var admin = await server.AdminAsync();

        var created = await CreateAsync(admin, new Uri("https://soar.example.org/hooks"));
        var id = created.GetProperty("webhook").GetProperty("id").GetString();
        var list = await admin.GetStringAsync("api/v1/webhooks", Ct);
        var one = await admin.GetStringAsync($"api/v1/webhooks/{id}", Ct);

        var secret = created.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret);
        Assert.DoesNotContain(secret, list);
        Assert.DoesNotContain("secret", one, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(id!, list);
    }

    // A subscription to a type Tessera never sends would never fire; it used to be created all the same.
    [Fact]
    public async Task CreateAndUpdate_UnknownEventType_Returns400NamingItAndTheValidOnes()
    {
        using var admin = await server.AdminAsync();
        var created = await CreateAsync(admin, new Uri("https://soar.example.org/typed"));
        var id = created.GetProperty("webhook").GetProperty("id").GetString();

        var create = await admin.PostAsJsonAsync("api/v1/webhooks",
            new { name = "bogus", url = "https://soar.example.org/bogus", eventTypes = new[] { "coverage.regression", "bogus.event" } }, Ct);
        var update = await admin.PatchAsJsonAsync($"api/v1/webhooks/{id}", new { eventTypes = new[] { "backlog.item.create" } }, Ct);

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (create.StatusCode, update.StatusCode));
        var createDetail = (await create.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString();
        var updateDetail = (await update.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString();
        Assert.Contains("'bogus.event' is not an event type Tessera sends", createDetail);
        Assert.Contains("'backlog.item.create' is not an event type Tessera sends", updateDetail);
        Assert.All(WebhookEventTypes.All, known => Assert.Contains(known, createDetail));
        Assert.DoesNotContain(await admin.GetFromJsonAsync<JsonElement[]>("api/v1/webhooks", Ct) ?? [], w => w.GetProperty("name").GetString() == "bogus");
        var unchanged = await admin.GetFromJsonAsync<JsonElement>($"api/v1/webhooks/{id}", Ct);
        Assert.Equal(["coverage.regression"], unchanged.GetProperty("eventTypes").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task CreateAndUpdate_BlankNameOrEmptyEventList_Returns400AndNothingChanges()
    {
        using var admin = await server.AdminAsync();
        var created = await CreateAsync(admin, new Uri("https://soar.example.org/named"));
        var id = created.GetProperty("webhook").GetProperty("id").GetString();
        var before = (await admin.GetFromJsonAsync<JsonElement[]>("api/v1/webhooks", Ct))!.Length;

        var blankName = await admin.PostAsJsonAsync("api/v1/webhooks", new { name = "  ", url = "https://soar.example.org/blank" }, Ct);
        var noEvents = await admin.PostAsJsonAsync("api/v1/webhooks", new { name = "none", url = "https://soar.example.org/none", eventTypes = Array.Empty<string>() }, Ct);
        var renamedBlank = await admin.PatchAsJsonAsync($"api/v1/webhooks/{id}", new { name = "" }, Ct);

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest], new[] { blankName.StatusCode, noEvents.StatusCode, renamedBlank.StatusCode });
        Assert.Contains("name is required", (await blankName.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString());
        Assert.Contains("at least one event type", (await noEvents.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString());
        Assert.Equal(before, (await admin.GetFromJsonAsync<JsonElement[]>("api/v1/webhooks", Ct))!.Length);
        Assert.Equal("soar-test", (await admin.GetFromJsonAsync<JsonElement>($"api/v1/webhooks/{id}", Ct)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Create_BadUrlAndShortSecret_Returns400ProblemNamingBoth()
    {
        using var admin = await server.AdminAsync();

        var response = await admin.PostAsJsonAsync("api/v1/webhooks", new { name = "x", url = "ftp://files.example.org/", secret = "short" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString();
        Assert.Contains("http or https", detail);
        Assert.Contains("secret must be at least", detail);
    }

    [Theory]
    [InlineData("Viewer")]
    [InlineData("DetectionEngineer")] // engineers edit runbooks, but webhooks send data out: admins only
    public async Task List_WithoutManageSettings_Returns403(string role)
    {
        using var client = await server.ClientWithRoleAsync(role);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("api/v1/webhooks", Ct)).StatusCode);
    }

    // QA pass 6: a webhook could target the cloud metadata service or the server's own ports, and its test call told
    // which ports answered. Link-local addresses are refused when saved; loopback is refused at connect time unless
    // the server runs with --allow-loopback-webhooks (the test servers do: their receivers listen on 127.0.0.1).
    [Fact]
    public async Task Create_MetadataAddress_400NamingUrlAndNothingStored()
    {
        using var admin = await server.AdminAsync();
        var before = (await admin.GetFromJsonAsync<JsonElement>("api/v1/webhooks", Ct)).GetArrayLength();

        var response = await admin.PostAsJsonAsync("api/v1/webhooks",
            new { name = "metadata", url = "http://169.254.169.254/latest/meta-data/", eventTypes = new[] { "test.ping" } }, Ct);

        var problem = await response.ExpectJsonAsync(HttpStatusCode.BadRequest);
        Assert.Contains("link-local", Assert.Single(problem.GetProperty("errors").GetProperty("url").EnumerateArray()).GetString());
        Assert.Equal(before, (await admin.GetFromJsonAsync<JsonElement>("api/v1/webhooks", Ct)).GetArrayLength());
    }

    [Fact]
    public async Task Connector_LoopbackReceiver_RefusedUnlessAllowed()
    {
        await using var receiver = new LoopbackWebhookReceiver("whsec_connector_test_secret_01", () => DateTimeOffset.UtcNow);
        var byName = new UriBuilder(receiver.Url) { Host = "localhost" }.Uri;
        using var refusing = new HttpClient(Tessera.Server.Cluster.WebhookConnector.Handler(new(AllowLoopback: false)));
        using var allowing = new HttpClient(Tessera.Server.Cluster.WebhookConnector.Handler(new(AllowLoopback: true)));

        var literal = await Assert.ThrowsAsync<HttpRequestException>(() => refusing.PostAsync(receiver.Url, new StringContent("{}"), Ct));
        var named = await Assert.ThrowsAsync<HttpRequestException>(() => refusing.PostAsync(byName, new StringContent("{}"), Ct));
        var delivered = await allowing.PostAsync(receiver.Url, new StringContent("{}"), Ct);

        Assert.Contains("loopback", literal.ToString());
        Assert.Contains("loopback", named.ToString());
        Assert.Equal(1, receiver.Arrived);
        Assert.NotEqual(HttpStatusCode.InternalServerError, delivered.StatusCode);
    }

    [Fact]
    public async Task Test_ReceiverAcknowledges_SendsSignedPingAndLogsDelivery()
    {
        using var admin = await server.AdminAsync();
        const string secret = "whsec_api_ping_test_secret_01";
        await using var receiver = new LoopbackWebhookReceiver(secret, () => DateTimeOffset.UtcNow);
        var id = (await CreateAsync(admin, receiver.Url, secret)).GetProperty("webhook").GetProperty("id").GetString();

        var test = await admin.PostAsync($"api/v1/webhooks/{id}/test", null, Ct);
        var result = await test.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var deliveries = await admin.GetFromJsonAsync<JsonElement>($"api/v1/webhooks/{id}/deliveries", Ct);

        Assert.Equal(HttpStatusCode.OK, test.StatusCode);
        Assert.Equal(("Delivered", 200), (result.GetProperty("outcome").GetString(), result.GetProperty("statusCode").GetInt32()));
        var request = Assert.Single(receiver.Requests);
        Assert.Equal((WebhookVerification.Valid, WebhookEventTypes.TestPing), (request.Verification, request.EventType));
        var delivery = Assert.Single(deliveries.EnumerateArray());
        Assert.Equal("delivered", delivery.GetProperty("status").GetString());
        Assert.Equal(result.GetProperty("eventId").GetString(), delivery.GetProperty("idempotencyKey").GetString());
        Assert.Equal(200, delivery.GetProperty("log")[0].GetProperty("statusCode").GetInt32());
    }

    [Fact]
    public async Task Delete_Existing_Returns204ThenNotFoundAndIsAudited()
    {
        using var admin = await server.AdminAsync();
        var id = (await CreateAsync(admin, new Uri("https://gone.example.org/"))).GetProperty("webhook").GetProperty("id").GetString();

        var first = await admin.DeleteAsync($"api/v1/webhooks/{id}", Ct);
        var second = await admin.DeleteAsync($"api/v1/webhooks/{id}", Ct);
        var audit = await admin.GetStringAsync($"api/v1/audit?entityType=webhook&entityId={id}", Ct);

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NotFound), (first.StatusCode, second.StatusCode));
        Assert.Contains("webhook.delete", audit);
        Assert.Contains("webhook.create", audit);
    }

    [Fact]
    public async Task Update_DisableThenRotate_AuditedSecretReturnedOnceAndBadUrlRejected()
    {
        using var admin = await server.AdminAsync();
        var created = await CreateAsync(admin, new Uri("https://rotate.example.org/"));
        var id = created.GetProperty("webhook").GetProperty("id").GetString();

        var disabled = await (await admin.PatchAsJsonAsync($"api/v1/webhooks/{id}", new { enabled = false }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var rotated = await (await admin.PatchAsJsonAsync($"api/v1/webhooks/{id}", new { rotateSecret = true }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var badUrl = await admin.PatchAsJsonAsync($"api/v1/webhooks/{id}", new { url = "ftp://nope.example.org/" }, Ct);
        var missing = await admin.PatchAsJsonAsync($"api/v1/webhooks/{Guid.NewGuid()}", new { enabled = true }, Ct);
        var audit = await admin.GetStringAsync($"api/v1/audit?entityType=webhook&entityId={id}", Ct);

        Assert.False(disabled.GetProperty("webhook").GetProperty("enabled").GetBoolean());
        Assert.Equal(JsonValueKind.Null, disabled.GetProperty("secret").ValueKind);
        var secret = rotated.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret);
        Assert.NotEqual(created.GetProperty("secret").GetString(), secret);
        Assert.False(rotated.GetProperty("webhook").GetProperty("enabled").GetBoolean());
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.NotFound), (badUrl.StatusCode, missing.StatusCode));
        Assert.Contains("webhook.update", audit);
        Assert.DoesNotContain(secret, audit);
    }
}
