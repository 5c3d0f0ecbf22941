using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Server.Alerts;
using Tessera.Server.Tests.Infrastructure;
using static Tessera.Server.Tests.Api.Incidents.IncidentApiKit;

namespace Tessera.Server.Tests.Api.Incidents;

/// <summary>Attaching mapped alerts to incidents: stored alerts by id, raw alerts ingested first, roll-up and un-roll, audit.</summary>
public sealed class IncidentAlertApiTests(TesseraServerFixture server) : IClassFixture<TesseraServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A Suricata EVE alert whose metadata names T1190; the signature is unique per call so the library starts empty for it.</summary>
    private static JsonElement Eve(string tag, string signature = "ET EXPLOIT vBulletin widgetConfig Remote Code Execution") => JsonDocument.Parse("""
        {"timestamp":"2024-03-05T10:12:44.123456+0000","event_type":"alert","src_ip":"203.0.113.45","dest_ip":"192.0.2.10",
         "alert":{"signature_id":2029027,"signature":"SIGNATURE TAG",
           "category":"Attempted Administrator Privilege Gain","severity":1,"metadata":{"mitre_technique_id":["T1190"]}}}
        """.Replace("SIGNATURE", signature, StringComparison.Ordinal).Replace("TAG", tag, StringComparison.Ordinal)).RootElement;

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>
    /// Ingest maps every alert, and the mapper trains in the background when the server starts; on a busy machine that
    /// outlasts HttpClient's 100 s timeout, so wait for it here rather than inside a request.
    /// </summary>
    internal static async Task MapperReadyAsync(TesseraServerFixture server) =>
        Assert.NotNull(await server.App.Services.GetRequiredService<AlertMappingService>().GetMapperAsync(TimeSpan.FromMinutes(10), Ct));

    private static async Task<long> IngestAsync(HttpClient client, JsonElement alert)
    {
        var stored = await ReadAsync(await client.PostAsJsonAsync("api/v1/alerts", alert, Ct), HttpStatusCode.Created);
        return stored.GetProperty("alerts")[0].GetProperty("id").GetInt64();
    }

    private static Task<HttpResponseMessage> AttachAsync(HttpClient client, long incidentId, long[]? alertIds = null, JsonElement[]? alerts = null) =>
        client.PostAsJsonAsync($"api/v1/incidents/{incidentId}/alerts", new { alertIds, alerts }, Ct);

    [Fact]
    public async Task Attach_RawSuricataAlert_IngestedVendorTechniqueRolledUpAndUnrolledOnDetach()
    {
        await ActivateAsync(server);
        await MapperReadyAsync(server);
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var incident = await CreateAsync(analyst, "vBulletin exploitation");

        var body = await ReadAsync(await AttachAsync(analyst, incident.Id(), alerts: [Eve("raw")]), HttpStatusCode.Created);

        var attached = Assert.Single(body.GetProperty("attached").EnumerateArray());
        var recordId = attached.GetProperty("alertRecordId").GetInt64();
        Assert.Equal(["T1190"], attached.GetProperty("techniques").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("suricata", attached.GetProperty("source").GetString());
        var stored = await analyst.GetFromJsonAsync<JsonElement>($"api/v1/alerts/{recordId}", Ct);
        Assert.Contains("vBulletin", stored.GetProperty("title").GetString());
        var row = Assert.Single(await TechniquesAsync(analyst, incident.Id()));
        Assert.StartsWith($"T1190@initial-access=alert:#{recordId} et exploit vbulletin", row);

        var detach = await analyst.DeleteAsync($"api/v1/incidents/{incident.Id()}/alerts/{attached.GetProperty("id").GetInt64()}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, detach.StatusCode);
        Assert.Empty(await TechniquesAsync(analyst, incident.Id()));
        using var admin = await server.AdminAsync();
        foreach (var action in new[] { "incident.alert.add", "incident.alert.remove" })
        {
            var audit = await admin.GetFromJsonAsync<JsonElement>($"api/v1/audit?action={action}&entityId={incident.Id()}", Ct);
            var entry = Assert.Single(audit.GetProperty("items").EnumerateArray()).GetProperty("event");
            Assert.Contains($"\"alertRecordId\":{recordId}", entry.GetProperty(action.EndsWith("add") ? "afterJson" : "beforeJson").GetString());
        }
    }

    [Fact]
    public async Task Attach_StoredAlertAnalystCorrected_AnalystTechniqueReplacesVendorTag()
    {
        await ActivateAsync(server);
        await MapperReadyAsync(server);
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        // A signature of its own: the library applies this correction to near duplicates, which must not reach the
        // vBulletin alerts of the other tests in whatever order they run.
        var alertId = await IngestAsync(analyst, Eve("corrected", "ET WEB_SERVER Forum Plugin Upload Followed By Script Request"));
        (await analyst.PostAsJsonAsync($"api/v1/alerts/{alertId}/feedback", new { action = "correct", techniques = new[] { "T1505.003" } }, Ct))
            .EnsureSuccessStatusCode();
        var incident = await CreateAsync(analyst, "Web shell on forum server");

        var body = await ReadAsync(await AttachAsync(analyst, incident.Id(), alertIds: [alertId]), HttpStatusCode.Created);

        var attached = Assert.Single(body.GetProperty("attached").EnumerateArray());
        Assert.Equal(["T1505.003"], attached.GetProperty("techniques").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["T1505.003@persistence"], (await TechniquesAsync(analyst, incident.Id())).Select(r => r.Split('=')[0]));
    }

    [Fact]
    public async Task Feedback_AfterAttach_OpenIncidentFollowsTheDecision_ClosedOneKeepsItsTechniques()
    {
        await ActivateAsync(server);
        await MapperReadyAsync(server);
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var alertId = await IngestAsync(analyst, Eve("later", "ET WEB_SERVER Admin Console Upload Then Script Request"));
        var open = await CreateAsync(analyst, "Web shell, still being worked");
        var closed = await CreateAsync(analyst, "Web shell, closed before triage");
        await ReadAsync(await AttachAsync(analyst, open.Id(), alertIds: [alertId]), HttpStatusCode.Created);
        await ReadAsync(await AttachAsync(analyst, closed.Id(), alertIds: [alertId]), HttpStatusCode.Created);
        var version = (await analyst.GetFromJsonAsync<JsonElement>($"api/v1/incidents/{closed.Id()}", Ct)).Version();
        (await analyst.PutAsJsonAsync($"api/v1/incidents/{closed.Id()}", new
        {
            title = "Web shell, closed before triage", description = "", assignee = (string?)null, parentId = (long?)null, severity = "High", state = "Closed", version,
        }, Ct)).EnsureSuccessStatusCode();
        Assert.Equal(["T1190@initial-access"], (await TechniquesAsync(analyst, open.Id())).Select(r => r.Split('=')[0]));

        // Triage decides after the alert reached both incidents: the vendor's T1190 was wrong.
        var feedback = await ReadAsync(await analyst.PostAsJsonAsync($"api/v1/alerts/{alertId}/feedback",
            new { action = "correct", techniques = new[] { "T1505.003" } }, Ct), HttpStatusCode.OK);

        Assert.Equal([open.Id()], feedback.GetProperty("incidentsUpdated").EnumerateArray().Select(i => i.GetInt64()));
        Assert.Equal([closed.Id()], feedback.GetProperty("incidentsClosed").EnumerateArray().Select(i => i.GetInt64()));
        Assert.Equal(["T1505.003@persistence"], (await TechniquesAsync(analyst, open.Id())).Select(r => r.Split('=')[0]));
        var row = Assert.Single((await analyst.GetFromJsonAsync<JsonElement>($"api/v1/incidents/{open.Id()}/alerts", Ct)).EnumerateArray());
        Assert.Equal(["T1505.003"], row.GetProperty("techniques").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["T1190@initial-access"], (await TechniquesAsync(analyst, closed.Id())).Select(r => r.Split('=')[0]));
        using var admin = await server.AdminAsync();
        var audit = await admin.GetFromJsonAsync<JsonElement>($"api/v1/audit?action=incident.alert.update&entityId={open.Id()}", Ct);
        var entry = Assert.Single(audit.GetProperty("items").EnumerateArray()).GetProperty("event");
        Assert.Contains("T1190", entry.GetProperty("beforeJson").GetString());
        Assert.Contains("T1505.003", entry.GetProperty("afterJson").GetString());
    }

    [Fact]
    public async Task Attach_UnknownIdUnreadableAlertOrTwice_BadRequestNothingAttached()
    {
        await ActivateAsync(server);
        await MapperReadyAsync(server);
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var incident = await CreateAsync(analyst, "Bad attach input");
        var alertId = await IngestAsync(analyst, Eve("twice"));
        var before = (await analyst.GetFromJsonAsync<JsonElement>("api/v1/alerts?take=1", Ct)).GetProperty("total").GetInt32();

        var unknown = await ReadAsync(await AttachAsync(analyst, incident.Id(), alertIds: [alertId, 987_654_321], alerts: [Eve("not-ingested")]), HttpStatusCode.BadRequest);
        var unreadable = await ReadAsync(await AttachAsync(analyst, incident.Id(), alertIds: [alertId],
            alerts: [JsonDocument.Parse("\"just text\"").RootElement]), HttpStatusCode.BadRequest);
        var none = await ReadAsync(await AttachAsync(analyst, incident.Id()), HttpStatusCode.BadRequest);
        await ReadAsync(await AttachAsync(analyst, incident.Id(), alertIds: [alertId]), HttpStatusCode.Created);
        var twice = await ReadAsync(await AttachAsync(analyst, incident.Id(), alertIds: [alertId]), HttpStatusCode.BadRequest);

        Assert.Equal("alertIds[1]", Assert.Single(unknown.GetProperty("issues").EnumerateArray()).GetProperty("field").GetString());
        Assert.Equal("alerts[0]", Assert.Single(unreadable.GetProperty("issues").EnumerateArray()).GetProperty("field").GetString());
        Assert.Equal("no-alerts", Assert.Single(none.GetProperty("issues").EnumerateArray()).GetProperty("code").GetString());
        Assert.Equal("already-attached", Assert.Single(twice.GetProperty("issues").EnumerateArray()).GetProperty("code").GetString());
        var attached = await analyst.GetFromJsonAsync<JsonElement>($"api/v1/incidents/{incident.Id()}/alerts", Ct);
        Assert.Single(attached.EnumerateArray());
        Assert.Equal(before, (await analyst.GetFromJsonAsync<JsonElement>("api/v1/alerts?take=1", Ct)).GetProperty("total").GetInt32());
    }

    // QA pass 5: two requests attaching one stored alert at once (one instance or two) both attached it.
    [Fact]
    public async Task Attach_OneStoredAlertFourTimesAtOnce_AttachedOnceAndTheRest400AlreadyAttached()
    {
        await ActivateAsync(server);
        await MapperReadyAsync(server);
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var alertId = await IngestAsync(analyst, Eve("racing"));
        var incident = await CreateAsync(analyst, "Racing attaches");

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => AttachAsync(analyst, incident.Id(), alertIds: [alertId])));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            var problem = await ReadAsync(refused, HttpStatusCode.BadRequest);
            Assert.Equal("already-attached", Assert.Single(problem.GetProperty("issues").EnumerateArray()).GetProperty("code").GetString());
        }

        Assert.Single((await analyst.GetFromJsonAsync<JsonElement>($"api/v1/incidents/{incident.Id()}/alerts", Ct)).EnumerateArray());
    }

    // The same stored alert named twice in one request was reported as "already attached", though nothing was attached yet.
    [Fact]
    public async Task Attach_SameIdTwiceInOneRequest_BadRequestSayingTheRequestNamesItTwice()
    {
        await ActivateAsync(server);
        await MapperReadyAsync(server);
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var incident = await CreateAsync(analyst, "Duplicate alert ids");
        var alertId = await IngestAsync(analyst, Eve("duplicate"));

        var problem = await ReadAsync(await AttachAsync(analyst, incident.Id(), alertIds: [alertId, alertId]), HttpStatusCode.BadRequest);

        var issue = Assert.Single(problem.GetProperty("issues").EnumerateArray());
        Assert.Equal(("duplicate-alert", "alertIds[1]"), (issue.GetProperty("code").GetString(), issue.GetProperty("field").GetString()));
        Assert.Contains($"names alert {alertId} twice", issue.GetProperty("message").GetString());
        Assert.Empty((await analyst.GetFromJsonAsync<JsonElement>($"api/v1/incidents/{incident.Id()}/alerts", Ct)).EnumerateArray());
    }

    private static JsonElement Siem(string? id, string title = "Lateral movement via PsExec") =>
        JsonSerializer.SerializeToElement(id is null ? new { title, source = "splunk" } as object : new { id, title, source = "splunk" });

    private static async Task<int> AlertTotalAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("api/v1/alerts?take=1", Ct)).GetProperty("total").GetInt32();

    // QA pass 6: raw alerts are ingested before they are attached, so they always carry a record id and the source +
    // alert id check never ran: the same SIEM alert given by hand twice was stored and attached twice.
    [Fact]
    public async Task Attach_SameRawAlertTwice_SecondRequest400AlreadyAttachedNothingIngested()
    {
        await ActivateAsync(server);
        await MapperReadyAsync(server);
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var incident = await CreateAsync(analyst, "PsExec given twice");
        await ReadAsync(await AttachAsync(analyst, incident.Id(), alerts: [Siem("siem-777")]), HttpStatusCode.Created);
        var before = await AlertTotalAsync(analyst);

        var problem = await ReadAsync(await AttachAsync(analyst, incident.Id(), alerts: [Siem("siem-778"), Siem("siem-777")]), HttpStatusCode.BadRequest);

        var issue = Assert.Single(problem.GetProperty("issues").EnumerateArray());
        Assert.Equal(("already-attached", "alerts[1]"), (issue.GetProperty("code").GetString(), issue.GetProperty("field").GetString()));
        Assert.Contains("siem-777", issue.GetProperty("message").GetString());
        Assert.Single((await analyst.GetFromJsonAsync<JsonElement>($"api/v1/incidents/{incident.Id()}/alerts", Ct)).EnumerateArray());
        Assert.Equal(before, await AlertTotalAsync(analyst));
    }

    [Fact]
    public async Task Attach_SameRawAlertTwiceInOneRequest_400DuplicateAlertNothingIngested()
    {
        await ActivateAsync(server);
        await MapperReadyAsync(server);
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var incident = await CreateAsync(analyst, "PsExec twice in one request");
        var before = await AlertTotalAsync(analyst);

        var problem = await ReadAsync(await AttachAsync(analyst, incident.Id(), alerts: [Siem("siem-779"), Siem("siem-779", "Same alert, title edited")]),
            HttpStatusCode.BadRequest);

        var issue = Assert.Single(problem.GetProperty("issues").EnumerateArray());
        Assert.Equal(("duplicate-alert", "alerts[1]"), (issue.GetProperty("code").GetString(), issue.GetProperty("field").GetString()));
        Assert.Empty((await analyst.GetFromJsonAsync<JsonElement>($"api/v1/incidents/{incident.Id()}/alerts", Ct)).EnumerateArray());
        Assert.Equal(before, await AlertTotalAsync(analyst));
    }

    // QA: a Suricata alert's id was its flow_id, which every signature firing on that flow shares, so the second
    // signature of a flow was refused as "already attached" (and as "duplicate-alert" within one request).
    [Fact]
    public async Task Attach_TwoSuricataSignaturesOnOneFlow_BothAttachedTheSameOneAgainRefused()
    {
        await ActivateAsync(server);
        await MapperReadyAsync(server);
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var incident = await CreateAsync(analyst, "One flow, two signatures");
        static JsonElement OnFlow(int signatureId, string signature) => JsonDocument.Parse($$$"""
            {"timestamp":"2024-03-05T10:12:44+0000","flow_id":5550001,"event_type":"alert","src_ip":"203.0.113.45","dest_ip":"192.0.2.10",
             "alert":{"signature_id":{{{signatureId}}},"signature":"{{{signature}}}","category":"Attempted Administrator Privilege Gain","severity":1}}
            """).RootElement;

        var body = await ReadAsync(await AttachAsync(analyst, incident.Id(),
            alerts: [OnFlow(2029027, "ET EXPLOIT vBulletin flow pair"), OnFlow(2024364, "ET SCAN Nmap flow pair")]), HttpStatusCode.Created);
        var again = await ReadAsync(await AttachAsync(analyst, incident.Id(), alerts: [OnFlow(2024364, "ET SCAN Nmap flow pair")]), HttpStatusCode.BadRequest);

        Assert.Equal(["5550001:2029027", "5550001:2024364"], body.GetProperty("attached").EnumerateArray().Select(a => a.GetProperty("alertId").GetString()));
        Assert.Equal("already-attached", Assert.Single(again.GetProperty("issues").EnumerateArray()).GetProperty("code").GetString());
        Assert.Equal(2, (await analyst.GetFromJsonAsync<JsonElement>($"api/v1/incidents/{incident.Id()}/alerts", Ct)).GetArrayLength());
    }

    // QA: the raw alert check ran before ingest, so four requests giving one SIEM alert at once all passed it, each
    // ingested its own copy and all four were attached.
    [Fact]
    public async Task Attach_OneRawAlertFourTimesAtOnce_AttachedOnceAndTheRest400AlreadyAttached()
    {
        await ActivateAsync(server);
        await MapperReadyAsync(server);
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var incident = await CreateAsync(analyst, "Racing raw attaches");

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => AttachAsync(analyst, incident.Id(), alerts: [Siem("siem-race")])));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            var problem = await ReadAsync(refused, HttpStatusCode.BadRequest);
            Assert.Equal("already-attached", Assert.Single(problem.GetProperty("issues").EnumerateArray()).GetProperty("code").GetString());
        }

        var attached = await analyst.GetFromJsonAsync<JsonElement>($"api/v1/incidents/{incident.Id()}/alerts", Ct);
        Assert.Equal("siem-race", Assert.Single(attached.EnumerateArray()).GetProperty("alertId").GetString());
    }

    // Alerts sent without an id are named line-N by their place in the request; two of them are not the same alert.
    [Fact]
    public async Task Attach_RawAlertsWithoutId_EachAttached()
    {
        await ActivateAsync(server);
        await MapperReadyAsync(server);
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var incident = await CreateAsync(analyst, "Alerts without ids");

        await ReadAsync(await AttachAsync(analyst, incident.Id(), alerts: [Siem(null), Siem(null)]), HttpStatusCode.Created);
        await ReadAsync(await AttachAsync(analyst, incident.Id(), alerts: [Siem(null)]), HttpStatusCode.Created);

        var attached = await analyst.GetFromJsonAsync<JsonElement>($"api/v1/incidents/{incident.Id()}/alerts", Ct);
        Assert.Equal(["line-1", "line-1", "line-2"], attached.EnumerateArray().Select(a => a.GetProperty("alertId").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Attach_AlertRollupOff_StaysOnEvidenceUntilRolledUpByHand()
    {
        await ActivateAsync(server);
        await MapperReadyAsync(server);
        using var admin = await server.AdminAsync();
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        (await admin.PutAsJsonAsync("api/v1/incidents/settings/rollup", new { threatLookups = true, observables = false, childIncidents = true, alerts = false }, Ct))
            .EnsureSuccessStatusCode();
        try
        {
            var incident = await CreateAsync(analyst, "Alerts not rolled up");
            var body = await ReadAsync(await AttachAsync(analyst, incident.Id(), alerts: [Eve("by-hand", "ET EXPLOIT Apache Struts OGNL Expression Injection")]), HttpStatusCode.Created);
            var recordId = body.GetProperty("attached")[0].GetProperty("alertRecordId").GetInt64();
            Assert.Empty(await TechniquesAsync(analyst, incident.Id()));
            var origin = (await analyst.GetFromJsonAsync<JsonElement>($"api/v1/incidents/{incident.Id()}/alerts", Ct))[0];
            var text = $"alert:#{recordId} {origin.GetProperty("rule").GetString()}";

            (await analyst.PostAsJsonAsync($"api/v1/incidents/{incident.Id()}/rollups", new { origin = text, rolledUp = true }, Ct)).EnsureSuccessStatusCode();

            Assert.Equal([$"T1190@initial-access={text}"], await TechniquesAsync(analyst, incident.Id()));
        }
        finally
        {
            (await admin.PutAsJsonAsync("api/v1/incidents/settings/rollup", new { threatLookups = true, observables = false, childIncidents = true, alerts = true }, Ct))
                .EnsureSuccessStatusCode();
        }
    }

    // QA: a PUT naming one setting reset the others to their defaults (observables went off and every open incident was
    // recomputed without its observable roll-ups). Every field must be sent.
    [Fact]
    public async Task RollupSettings_FieldsLeftOut_400AndSettingsUnchanged()
    {
        using var admin = await server.AdminAsync();
        var before = await admin.GetStringAsync("api/v1/incidents/settings/rollup", Ct);

        var problem = await (await admin.PutAsJsonAsync("api/v1/incidents/settings/rollup", new { alerts = false }, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        Assert.Contains("required properties missing", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await admin.GetStringAsync("api/v1/incidents/settings/rollup", Ct));
    }

    [Fact]
    public async Task Attach_ViewerOrClosedIncident_ForbiddenOrLocked()
    {
        await ActivateAsync(server);
        await MapperReadyAsync(server);
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        using var viewer = await server.ClientWithRoleAsync("Viewer");
        var incident = await CreateAsync(analyst, "Closed before the alert came");
        (await analyst.PutAsJsonAsync($"api/v1/incidents/{incident.Id()}", new
        {
            title = "Closed before the alert came", description = "", assignee = (string?)null, parentId = (long?)null, severity = "High", state = "Closed", version = incident.Version(),
        }, Ct)).EnsureSuccessStatusCode();

        var denied = await AttachAsync(viewer, incident.Id(), alerts: [Eve("viewer")]);
        var locked = await AttachAsync(analyst, incident.Id(), alerts: [Eve("closed")]);

        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal("Incident closed", (await ReadAsync(locked, HttpStatusCode.Conflict)).GetProperty("title").GetString());
    }
}
