using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Webhooks;
using Tessera.Server.Jobs;
using Tessera.Server.Tests.Infrastructure;
using Tessera.Tests.Shared.Webhooks;

namespace Tessera.Server.Tests.Api.Backlog;

/// <summary>Backlog, regressions, snapshot diff and the coverage jobs on a real server; each test uses its own techniques.</summary>
public sealed class BacklogApiTests(TesseraServerFixture server) : IClassFixture<TesseraServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement;
    }

    /// <summary>A validated Splunk rule for <paramref name="technique"/> (Windows Security source, passing run); returns the rule.</summary>
    private static async Task<JsonElement> ValidatedRuleAsync(HttpClient engineer, string id, string technique)
    {
        await engineer.PostAsJsonAsync("api/v1/data-sources",
            new { name = $"Windows Security ({id})", platform = "Windows", environment = id, logSources = new[] { "WinEventLog:Security" }, completeness = 90 }, Ct);
        var rule = await Json(await engineer.PostAsJsonAsync("api/v1/rules", new
        {
            source = "Splunk", externalId = id, title = $"Splunk rule {id}", queryText = "index=wineventlog", techniques = new[] { technique },
            tactics = Array.Empty<string>(), dataSources = new[] { "WinEventLog:Security" }, owner = "soc-team",
        }, Ct), HttpStatusCode.Created);
        await Json(await engineer.PostAsJsonAsync("api/v1/validations", new
        {
            runs = new[] { new { test = "purple test", technique, executedAt = DateTimeOffset.UtcNow.AddMinutes(-5), host = "dc-01", outcome = "Detected", firedRules = new[] { id }, tool = "purple-team" } },
        }, Ct), HttpStatusCode.OK);
        return (await engineer.GetFromJsonAsync<JsonElement>($"api/v1/rules/{rule.GetProperty("id").GetGuid()}", Ct)).GetProperty("rule");
    }

    private static async Task<JsonElement> ItemsAsync(HttpClient client, string query) =>
        (await client.GetFromJsonAsync<JsonElement>($"api/v1/backlog?{query}", Ct)).GetProperty("items");

    [Fact]
    public async Task DisableValidatedRule_RegressionListedAuditedAndDeliveredOnceToReceiver()
    {
        using var admin = await server.AdminAsync();
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        const string secret = "whsec_regression_test_secret_01";
        await using var receiver = new LoopbackWebhookReceiver(secret, () => DateTimeOffset.UtcNow);
        await Json(await admin.PostAsJsonAsync("api/v1/webhooks", new { name = "soar", url = receiver.Url, eventTypes = new[] { WebhookEventTypes.CoverageRegression }, secret }, Ct),
            HttpStatusCode.Created);
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var rule = await ValidatedRuleAsync(engineer, "kerberoast-regression", "T1558.003");

        await Json(await engineer.PatchAsJsonAsync($"api/v1/rules/{rule.GetProperty("id").GetGuid()}",
            new { version = rule.GetProperty("version").GetInt64(), enabled = false }, Ct), HttpStatusCode.OK);

        var page = await engineer.GetFromJsonAsync<JsonElement>($"api/v1/coverage/regressions?since={Uri.EscapeDataString(since.ToString("O"))}", Ct);
        var regression = page.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("technique").GetString() == "T1558.003");
        Assert.Equal(("Validated", "Gap", "RuleDisabled", "rule.edit"), (regression.GetProperty("before").GetString(), regression.GetProperty("after").GetString(),
            regression.GetProperty("cause").GetString(), regression.GetProperty("trigger").GetString()));
        var changeId = regression.GetProperty("changeId").GetGuid();
        Assert.Contains("coverage.regression", await admin.GetStringAsync($"api/v1/audit?correlationId={changeId}", Ct));

        var delivery = server.App.Services.GetRequiredService<WebhookDeliveryJob>();
        var eventId = "evt_" + changeId.ToString("N");
        await delivery.RunAsync(Ct);
        await receiver.WaitUntilAsync(r => r.Acknowledged.Contains(eventId), TimeSpan.FromSeconds(30));
        await delivery.RunAsync(Ct);

        var received = Assert.Single(receiver.Requests, r => r.EventId == eventId);
        Assert.Equal((WebhookVerification.Valid, WebhookEventTypes.CoverageRegression), (received.Verification, received.EventType));
        Assert.Contains("T1558.003", System.Text.Encoding.UTF8.GetString(received.Body));
    }

    [Fact]
    public async Task Reconcile_PriorityGap_OneOpenItemThenClosedAutomaticallyWhenValidated()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        await Json(await engineer.PostAsync("api/v1/backlog/reconcile", null, Ct), HttpStatusCode.OK);
        await Json(await engineer.PostAsync("api/v1/backlog/reconcile", null, Ct), HttpStatusCode.OK);
        // T1105 (Ingress Tool Transfer) is used by far more than 20 groups: a priority technique, a gap on a fresh server.
        var items = await ItemsAsync(engineer, "technique=T1105&reason=Gap");
        var item = Assert.Single(items.EnumerateArray(), i => i.GetProperty("technique").GetString() == "T1105");
        Assert.Equal("Open", item.GetProperty("state").GetString());

        await ValidatedRuleAsync(engineer, "ingress-transfer", "T1105");

        var closed = await engineer.GetFromJsonAsync<JsonElement>($"api/v1/backlog/{item.GetProperty("id").GetGuid()}", Ct);
        Assert.Equal("ClosedAutomatically", closed.GetProperty("state").GetString());
        Assert.DoesNotContain((await ItemsAsync(engineer, "technique=T1105&state=open,inProgress")).EnumerateArray(), i => i.GetProperty("technique").GetString() == "T1105");
    }

    [Fact]
    public async Task Edit_EngineerThenStaleVersionAndViewer_SavedAuditedConflictForbidden()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        using var viewer = await server.ClientWithRoleAsync("Viewer");
        using var admin = await server.AdminAsync();
        await Json(await engineer.PostAsync("api/v1/backlog/reconcile", null, Ct), HttpStatusCode.OK);
        var item = (await ItemsAsync(engineer, "technique=T1566&state=open")).EnumerateArray().First();
        var id = item.GetProperty("id").GetGuid();
        var version = item.GetProperty("version").GetInt64();

        var saved = await Json(await engineer.PatchAsJsonAsync($"api/v1/backlog/{id}",
            new { version, owner = "phishing-team", dueOn = "2030-01-31", state = "InProgress", note = "mail gateway rule drafted" }, Ct), HttpStatusCode.OK);
        var stale = await engineer.PatchAsJsonAsync($"api/v1/backlog/{id}", new { version, owner = "someone-else" }, Ct);
        var forbidden = await viewer.PatchAsJsonAsync($"api/v1/backlog/{id}", new { version = version + 1, owner = "viewer" }, Ct);
        var invalid = await engineer.PatchAsJsonAsync($"api/v1/backlog/{id}", new { version = version + 1, state = "ClosedAutomatically" }, Ct);

        Assert.Equal(("phishing-team", "2030-01-31", "InProgress", version + 1), (saved.GetProperty("owner").GetString(), saved.GetProperty("dueOn").GetString(),
            saved.GetProperty("state").GetString(), saved.GetProperty("version").GetInt64()));
        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Forbidden, HttpStatusCode.BadRequest), (stale.StatusCode, forbidden.StatusCode, invalid.StatusCode));
        Assert.Contains("backlog.edit", await admin.GetStringAsync($"api/v1/audit?entityType=backlog-item&entityId={id}", Ct));
    }

    // dueOn 0001-01-01 (an empty date picker) and 1900-01-01 were stored and listed first, a century overdue.
    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("1900-01-01")]
    public async Task Edit_DueOnOutsideTheAcceptedDates_400NamingFieldAndRangeAndNothingSaved(string day)
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        await Json(await engineer.PostAsync("api/v1/backlog/reconcile", null, Ct), HttpStatusCode.OK);
        var item = (await ItemsAsync(engineer, "state=open")).EnumerateArray().First();
        var id = item.GetProperty("id").GetGuid();

        var problem = await Json(await engineer.PatchAsJsonAsync($"api/v1/backlog/{id}", new { version = item.GetProperty("version").GetInt64(), dueOn = day }, Ct), HttpStatusCode.BadRequest);

        Assert.Contains($"dueOn {day} is outside the dates Tessera accepts (2000-01-01 to 2100-12-31)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // Under the field's own key, as other endpoints answer (it was errors.edit).
        Assert.Equal([$"dueOn {day} is outside the dates Tessera accepts (2000-01-01 to 2100-12-31)"],
            problem.GetProperty("errors").GetProperty("dueOn").EnumerateArray().Select(e => e.GetString()));
        Assert.False(problem.GetProperty("errors").TryGetProperty("edit", out _));
        var after = await engineer.GetFromJsonAsync<JsonElement>($"api/v1/backlog/{id}", Ct);
        Assert.Equal(item.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
    }

    // A day the calendar lacks, or a time where a day is expected, was "the value has the wrong type, or is not one of
    // the allowed names": a date field says it takes a date.
    [Theory]
    [InlineData("2026-02-29")] // no 29 February in 2026
    [InlineData("2026-12-25T00:00:00Z")] // a time where a day is expected
    public async Task Edit_DueOnNotADate_400SayingItTakesYyyyMmDd(string day)
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        await Json(await engineer.PostAsync("api/v1/backlog/reconcile", null, Ct), HttpStatusCode.OK);
        var item = (await ItemsAsync(engineer, "state=open")).EnumerateArray().First();
        var id = item.GetProperty("id").GetGuid();

        var problem = await Json(await engineer.PatchAsJsonAsync($"api/v1/backlog/{id}", new { version = item.GetProperty("version").GetInt64(), dueOn = day }, Ct), HttpStatusCode.BadRequest);

        var detail = problem.GetProperty("detail").GetString();
        Assert.StartsWith("The body is not valid for this request at $.dueOn (line 1, column ", detail, StringComparison.Ordinal);
        Assert.EndsWith("): expected a date, YYYY-MM-DD: a day the calendar has, without a time (such as 2026-01-31)", detail, StringComparison.Ordinal);
        Assert.Equal(item.GetProperty("version").GetInt64(), (await engineer.GetFromJsonAsync<JsonElement>($"api/v1/backlog/{id}", Ct)).GetProperty("version").GetInt64());
    }

    // A missing version used to read as 0 and be answered 409 "changed since you read it".
    [Fact]
    public async Task Edit_WithoutVersion_400VersionRequiredAndNothingSaved()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        await Json(await engineer.PostAsync("api/v1/backlog/reconcile", null, Ct), HttpStatusCode.OK);
        var item = (await ItemsAsync(engineer, "state=open")).EnumerateArray().First();
        var id = item.GetProperty("id").GetGuid();

        var problem = await Json(await engineer.PatchAsJsonAsync($"api/v1/backlog/{id}", new { owner = "no-version" }, Ct), HttpStatusCode.BadRequest);

        Assert.StartsWith("version is required", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(problem.GetProperty("errors").TryGetProperty("version", out _));
        var after = await engineer.GetFromJsonAsync<JsonElement>($"api/v1/backlog/{id}", Ct);
        Assert.Equal(item.GetProperty("version").GetInt64(), after.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Export_Csv_HeaderAndOneRowPerItem()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        await Json(await engineer.PostAsync("api/v1/backlog/reconcile", null, Ct), HttpStatusCode.OK);
        var total = (await viewer.GetFromJsonAsync<JsonElement>("api/v1/backlog?take=1", Ct)).GetProperty("total").GetInt32();

        var response = await viewer.GetAsync("api/v1/backlog/export", Ct);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("id,technique,name,reason,state,owner,due_on", lines[0]);
        Assert.Equal(total + 1, lines.Length);
        Assert.Equal(HttpStatusCode.BadRequest, (await viewer.GetAsync("api/v1/backlog?state=finished", Ct)).StatusCode);
    }

    [Fact]
    public async Task SnapshotDiff_JobSnapshotsAndBadDates_DiffOr400Or404()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");
        await server.App.Services.GetRequiredService<CoverageSnapshotJob>().RunAsync(Ct);
        await server.App.Services.GetRequiredService<CoverageStalenessJob>().RunAsync(Ct);
        var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd");

        var diff = await Json(await viewer.GetAsync($"api/v1/coverage/snapshots/diff?from={today}&to={today}", Ct), HttpStatusCode.OK);
        var none = await Json(await viewer.GetAsync("api/v1/coverage/snapshots/diff?from=2001-01-01", Ct), HttpStatusCode.NotFound);
        var bad = await viewer.GetAsync("api/v1/coverage/snapshots/diff?from=last-quarter", Ct);
        var reversed = await viewer.GetAsync($"api/v1/coverage/snapshots/diff?from={today}&to=2001-01-01", Ct);

        Assert.Equal(5, diff.GetProperty("states").GetArrayLength());
        Assert.Equal("daily", diff.GetProperty("to").GetProperty("note").GetString());
        Assert.Contains("2001-01-01", none.GetProperty("detail").GetString());
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (bad.StatusCode, reversed.StatusCode));
    }
}
