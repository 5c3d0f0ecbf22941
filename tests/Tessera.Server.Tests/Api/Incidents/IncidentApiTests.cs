using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Incidents;
using Tessera.Server.Tests.Infrastructure;
using static Tessera.Server.Tests.Api.Incidents.IncidentApiKit;

namespace Tessera.Server.Tests.Api.Incidents;

public sealed class IncidentApiTests(TesseraServerFixture server) : IClassFixture<TesseraServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Associate_AsAnalyst_SavesWithManualOriginAndAuditsBeforeAfter()
    {
        await ActivateAsync(server);
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var incident = await CreateAsync(analyst, "Phishing");

        var response = await AssociateAsync(analyst, incident.Id(), incident.Version(),
            Pick(Enterprise, "initial-access", "T1566.001"), Pick(Enterprise, "execution", "T1204.002"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = await TechniquesAsync(analyst, incident.Id());
        Assert.Equal(2, rows.Count);
        Assert.StartsWith("T1204.002@execution=manual:apikey:test-Analyst-", rows[0]);
        using var admin = await server.AdminAsync();
        var audit = await admin.GetFromJsonAsync<JsonElement>($"api/v1/audit?action=incident.associations.add&entityId={incident.Id()}", Ct);
        var entry = Assert.Single(audit.GetProperty("items").EnumerateArray());
        Assert.Contains("T1566.001", entry.GetProperty("event").GetProperty("afterJson").GetString());
    }

    // QA: an integration adding associations without expectedVersion was still refused (409) whenever another write
    // landed between its read and its save; and adding what was already there bumped the version and was audited.
    [Fact]
    public async Task Associate_EightUnversionedAdditionsAtOnce_AllSavedAndRepeatingOneChangesNothing()
    {
        await ActivateAsync(server);
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var incident = await CreateAsync(analyst, "Integration enrichment race");
        string[] techniques = ["T1059", "T1059.001", "T1059.003", "T1204", "T1204.002", "T1106", "T1129", "T1047"];

        var answers = await Task.WhenAll(techniques.Select(t => AssociateAsync(analyst, incident.Id(), null, Pick(Enterprise, "execution", t))));
        var settled = (await AssociationsAsync(analyst, incident.Id())).GetProperty("incident").Version();
        var repeat = await AssociateAsync(analyst, incident.Id(), null, Pick(Enterprise, "execution", "T1047"));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(techniques.Length, (await TechniquesAsync(analyst, incident.Id())).Count);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal(settled, (await AssociationsAsync(analyst, incident.Id())).GetProperty("incident").Version());
        using var admin = await server.AdminAsync();
        var audit = await admin.GetFromJsonAsync<JsonElement>($"api/v1/audit?action=incident.associations.add&entityId={incident.Id()}&take=50", Ct);
        Assert.Equal(techniques.Length, audit.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Associate_AsViewer_ForbiddenButViewerReads()
    {
        await ActivateAsync(server);
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        using var viewer = await server.ClientWithRoleAsync("Viewer");
        var incident = await CreateAsync(analyst, "Read only");

        var response = await AssociateAsync(viewer, incident.Id(), incident.Version(), Pick(Enterprise, "execution", "T1059"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"api/v1/incidents/{incident.Id()}/associations", Ct)).StatusCode);
    }

    [Fact]
    public async Task Associate_SecondAnalystWithStaleVersion_ConflictCarriesCurrentState()
    {
        await ActivateAsync(server);
        using var alice = await server.ClientWithRoleAsync("Analyst");
        using var bob = await server.ClientWithRoleAsync("Analyst");
        var incident = await CreateAsync(alice, "Shared incident");
        (await AssociateAsync(alice, incident.Id(), incident.Version(), Pick(Enterprise, "execution", "T1059"))).EnsureSuccessStatusCode();

        var response = await AssociateAsync(bob, incident.Id(), incident.Version(), Pick(Enterprise, "discovery", "T1082"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(incident.Version() + 1, problem.GetProperty("current").GetProperty("version").GetInt64());
        Assert.Single(await TechniquesAsync(alice, incident.Id()));
    }

    [Fact]
    public async Task Associate_BadInput_ClearErrorsPerFieldAndNothingSaved()
    {
        await ActivateAsync(server);
        await ActivateAsync(server, "enterprise-attack@17.1");
        using (var admin = await server.AdminAsync())
        {
            (await admin.PostAsync("api/v1/sources/enterprise-attack@17.1/deactivate", null, Ct)).EnsureSuccessStatusCode();
        }

        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var incident = await CreateAsync(analyst, "Bad input");

        var response = await AssociateAsync(analyst, incident.Id(), incident.Version(),
            // T1059 would be valid alone; T1086 (PowerShell) is revoked in 18.1; T1003.001 is credential access, not execution.
            Pick(Enterprise, "execution", "T1059", "T1086", "T1003.001", "T9999"),
            Pick("enterprise-attack@17.1", "execution", "T1059"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var codes = problem.GetProperty("issues").EnumerateArray().Select(i => i.GetProperty("code").GetString());
        Assert.Equal(["revoked-technique", "technique-not-in-tactic", "unknown-technique", "inactive-source"], codes);
        Assert.True(problem.GetProperty("errors").TryGetProperty("associations[0].tactics[0].techniques[3]", out _));
        Assert.Empty(await TechniquesAsync(analyst, incident.Id()));
    }

    [Fact]
    public async Task Remove_AtTechniqueTacticAndSourceLevel_RemovesThatLevel()
    {
        await ActivateAsync(server);
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var incident = await CreateAsync(analyst, "Levels");
        var saved = await (await AssociateAsync(analyst, incident.Id(), incident.Version(),
            new { source = Enterprise, tactics = new object[] { new { tactic = "execution", techniques = new[] { "T1059.001", "T1204.002" } }, new { tactic = "discovery", techniques = new[] { "T1082" } } } }))
            .Content.ReadFromJsonAsync<JsonElement>(Ct);
        var version = saved.GetProperty("incident").Version();

        async Task<long> DeleteAsync(string query)
        {
            var r = await analyst.DeleteAsync($"api/v1/incidents/{incident.Id()}/associations?source={Enterprise}&expectedVersion={version}{query}", Ct);
            r.EnsureSuccessStatusCode();
            return (await r.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("incident").Version();
        }

        version = await DeleteAsync("&tactic=execution&technique=T1204.002");
        Assert.Equal(2, (await TechniquesAsync(analyst, incident.Id())).Count);
        version = await DeleteAsync("&tactic=discovery");
        Assert.Equal(["T1059.001@execution=" + (await TechniquesAsync(analyst, incident.Id()))[0].Split('=')[1]], await TechniquesAsync(analyst, incident.Id()));
        await DeleteAsync("");
        Assert.Empty(await TechniquesAsync(analyst, incident.Id()));
    }

    // A missing version used to read as 0 and be answered 409, as if someone else had edited the incident.
    [Fact]
    public async Task Update_WithoutVersion_400VersionRequiredAndNothingSaved()
    {
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var incident = await CreateAsync(analyst, "No version");

        var problem = await (await analyst.PutAsJsonAsync($"api/v1/incidents/{incident.Id()}",
            new { title = "Renamed without version", description = "", assignee = (string?)null, parentId = (long?)null, severity = "High", state = "New" }, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        Assert.StartsWith("version is required", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var after = await analyst.GetFromJsonAsync<JsonElement>($"api/v1/incidents/{incident.Id()}", Ct);
        Assert.Equal(("No version", incident.Version()), (after.GetProperty("title").GetString(), after.Version()));
    }

    // QA: PUT filled in what was left out, so a rename lowered severity to Low, cleared description, assignee and parent,
    // and reopened a closed incident past its lock. PUT replaces the whole incident: every field must be sent.
    [Fact]
    public async Task Update_FieldsLeftOut_400NamingThemAndNothingSaved()
    {
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var parent = await CreateAsync(analyst, "Partial PUT parent");
        var incident = await CreateAsync(analyst, "Partial PUT", parentId: parent.Id(), severity: "Critical");

        var problem = await (await analyst.PutAsJsonAsync($"api/v1/incidents/{incident.Id()}",
            new { version = incident.Version(), title = "Renamed only" }, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("required properties missing", detail, StringComparison.Ordinal);
        Assert.Contains("severity", detail, StringComparison.Ordinal);
        var after = await analyst.GetFromJsonAsync<JsonElement>($"api/v1/incidents/{incident.Id()}", Ct);
        Assert.Equal(("Partial PUT", "Critical", parent.Id(), incident.Version()),
            (after.GetProperty("title").GetString(), after.GetProperty("severity").GetString(), after.GetProperty("parentId").GetInt64(), after.Version()));
    }

    [Fact]
    public async Task ClosedIncident_FieldEditLockedButAssociationSavedAndAudited()
    {
        await ActivateAsync(server);
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var incident = await CreateAsync(analyst, "Closed one");
        var closed = await (await analyst.PutAsJsonAsync($"api/v1/incidents/{incident.Id()}",
            new { version = incident.Version(), title = "Closed one", description = "", assignee = (string?)null, parentId = (long?)null, severity = "High", state = "Closed" }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);

        var edit = await analyst.PutAsJsonAsync($"api/v1/incidents/{incident.Id()}",
            new { version = closed.Version(), title = "Renamed", description = "", assignee = (string?)null, parentId = (long?)null, severity = "High", state = "Closed" }, Ct);
        var associate = await AssociateAsync(analyst, incident.Id(), closed.Version(), Pick(Enterprise, "impact", "T1486"));

        Assert.Equal(HttpStatusCode.Conflict, edit.StatusCode);
        Assert.Contains("closed", (await edit.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, associate.StatusCode);
        using var admin = await server.AdminAsync();
        var audit = await admin.GetFromJsonAsync<JsonElement>($"api/v1/audit?action=incident.associations.add&entityId={incident.Id()}", Ct);
        Assert.Single(audit.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Bulk_OneBadItem_NothingSavedThenGoodBatchSaved()
    {
        await ActivateAsync(server);
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var a = await CreateAsync(analyst, "Bulk A");
        var b = await CreateAsync(analyst, "Bulk B");
        object Item(long id, string technique) => new { incidentId = id, associations = new[] { Pick(Enterprise, "execution", technique) } };

        var bad = await analyst.PostAsJsonAsync("api/v1/incidents/associations/bulk", new { items = new[] { Item(a.Id(), "T1059"), Item(b.Id(), "T1082") } }, Ct);
        var good = await analyst.PostAsJsonAsync("api/v1/incidents/associations/bulk", new { items = new[] { Item(a.Id(), "T1059"), Item(b.Id(), "T1204") } }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("items[1].associations[0].tactics[0].techniques[0]", await bad.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Single(await TechniquesAsync(analyst, a.Id()));
        Assert.Single(await TechniquesAsync(analyst, b.Id()));
    }

    [Fact]
    public async Task Lookup_OnChildIncident_RollsUpToParentAndUnrollsOnRemoval()
    {
        await ActivateAsync(server);
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var parent = await CreateAsync(analyst, "Parent");
        var child = await CreateAsync(analyst, "Child", parent.Id());

        var lookup = await (await analyst.PostAsJsonAsync($"api/v1/incidents/{child.Id()}/lookups",
            new { provider = "VirusTotal", verdict = "malicious", techniques = new[] { "T1486" } }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal([$"T1486@impact=child:{child.Id()}"], await TechniquesAsync(analyst, parent.Id()));
        (await analyst.DeleteAsync($"api/v1/incidents/{child.Id()}/lookups/{lookup.Id()}", Ct)).EnsureSuccessStatusCode();
        Assert.Empty(await TechniquesAsync(analyst, parent.Id()));
    }

    // The nesting limit used to be checked only on update: POST with a parentId 40 levels down answered 201.
    [Fact]
    public async Task Create_UnderAParentAtTheNestingLimit_400NamingParentIdAndTheLimit()
    {
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        long? parent = null;
        for (var depth = 0; depth <= 16; depth++)
        {
            parent = (await CreateAsync(analyst, $"depth {depth}", parent)).Id();
        }

        var response = await analyst.PostAsJsonAsync("api/v1/incidents", new { title = "depth 17", parentId = parent }, Ct);

        var problem = await response.ExpectJsonAsync(HttpStatusCode.BadRequest);
        Assert.Equal("too-deep", Assert.Single(problem.GetProperty("issues").EnumerateArray()).GetProperty("code").GetString());
        Assert.Contains("at most 16 levels", Assert.Single(problem.GetProperty("errors").GetProperty("parentId").EnumerateArray()).GetString());
        Assert.Empty(await analyst.GetFromJsonAsync<JsonElement[]>($"api/v1/incidents/{parent}/children", Ct) ?? []);
    }

    // Reopening recomputes the roll-up, which bumped the stored version after the answer was built: the answer (and the
    // audit's "after") said N while GET said N + 1, so the next PUT with N was a 409.
    [Fact]
    public async Task Update_ReopeningPicksUpAChildsChange_AnswersAndAuditsTheStoredVersion()
    {
        await ActivateAsync(server);
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var parent = await CreateAsync(analyst, "Reopened parent");
        var child = await CreateAsync(analyst, "Reopened child", parent.Id());
        var closed = await (await analyst.PutAsJsonAsync($"api/v1/incidents/{parent.Id()}",
            new { version = parent.Version(), title = "Reopened parent", description = "", assignee = (string?)null, parentId = (long?)null, severity = "High", state = "Closed" }, Ct)).ExpectJsonAsync(HttpStatusCode.OK);
        (await AssociateAsync(analyst, child.Id(), child.Version(), Pick(Enterprise, "execution", "T1059"))).EnsureSuccessStatusCode();

        var reopened = await (await analyst.PutAsJsonAsync($"api/v1/incidents/{parent.Id()}",
            new { version = closed.Version(), title = "Reopened parent", description = "", assignee = (string?)null, parentId = (long?)null, severity = "High", state = "InProgress" }, Ct)).ExpectJsonAsync(HttpStatusCode.OK);

        var stored = await analyst.GetFromJsonAsync<JsonElement>($"api/v1/incidents/{parent.Id()}", Ct);
        Assert.Equal(stored.Version(), reopened.Version());
        Assert.Equal([$"T1059@execution=child:{child.Id()}"], await TechniquesAsync(analyst, parent.Id()));
        using (var admin = await server.AdminAsync())
        {
            var audit = await admin.GetFromJsonAsync<JsonElement>($"api/v1/audit?action=incident.update&entityId={parent.Id()}", Ct);
            var after = JsonDocument.Parse(audit.GetProperty("items")[0].GetProperty("event").GetProperty("afterJson").GetString()!).RootElement;
            Assert.Equal(stored.Version(), after.Version());
        }

        var renamed = await analyst.PutAsJsonAsync($"api/v1/incidents/{parent.Id()}",
            new { version = reopened.Version(), title = "Renamed after reopening", description = "", assignee = (string?)null, parentId = (long?)null, severity = "High", state = "InProgress" }, Ct);
        Assert.Equal("Renamed after reopening", (await renamed.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("title").GetString());
    }

    // Removing a technique removes every origin's row; a lookup that still names it rolls it back at once, which bumped the
    // version after the answer was built.
    [Fact]
    public async Task RemoveAssociation_LookupRollsItBack_AnswersTheStoredVersion()
    {
        await ActivateAsync(server);
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var incident = await CreateAsync(analyst, "Removed and rolled back");
        (await analyst.PostAsJsonAsync($"api/v1/incidents/{incident.Id()}/lookups",
            new { provider = "MISP", verdict = "known", techniques = new[] { "T1486" } }, Ct)).EnsureSuccessStatusCode();
        var current = await analyst.GetFromJsonAsync<JsonElement>($"api/v1/incidents/{incident.Id()}", Ct);

        var removed = await (await analyst.DeleteAsync(
            $"api/v1/incidents/{incident.Id()}/associations?source={Enterprise}&tactic=impact&technique=T1486&expectedVersion={current.Version()}", Ct))
            .ExpectJsonAsync(HttpStatusCode.OK);

        var stored = await analyst.GetFromJsonAsync<JsonElement>($"api/v1/incidents/{incident.Id()}", Ct);
        Assert.Equal(stored.Version(), removed.GetProperty("incident").Version());
        Assert.Single(await TechniquesAsync(analyst, incident.Id()));
    }

    // IPAddress.TryParse reads "010" as octal (8) and accepts "10.1" and "167772161": an observable was stored as another address.
    [Theory]
    [InlineData("010.000.000.001", "leading zeros")]
    [InlineData("10.1", "four numbers")]
    [InlineData("167772161", "four numbers")]
    public async Task AddObservable_IpInAnAmbiguousOrShortForm_400NamingValueAndNothingStored(string value, string reason)
    {
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var incident = await CreateAsync(analyst, $"IP {value}");

        var problem = await (await analyst.PostAsJsonAsync($"api/v1/incidents/{incident.Id()}/observables", new { kind = "Ip", value }, Ct))
            .ExpectJsonAsync(HttpStatusCode.BadRequest);

        Assert.Contains(reason, Assert.Single(problem.GetProperty("errors").GetProperty("value").EnumerateArray()).GetString());
        Assert.Empty(await analyst.GetFromJsonAsync<JsonElement[]>($"api/v1/incidents/{incident.Id()}/observables", Ct) ?? []);
    }

    // QA: a missing kind read as Ip, and a "hash" of ZZZ was stored.
    [Theory]
    [InlineData("{\"value\":\"1.2.3.9\"}", "kind")]
    [InlineData("{\"kind\":\"FileHash\",\"value\":\"ZZZ\"}", "not a file hash")]
    public async Task AddObservable_KindMissingOrHashMalformed_400AndNothingStored(string body, string reason)
    {
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var incident = await CreateAsync(analyst, "Observable shape");

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var problem = await (await analyst.PostAsync($"api/v1/incidents/{incident.Id()}/observables", content, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        Assert.Contains(reason, problem.ToString(), StringComparison.Ordinal);
        Assert.Empty(await analyst.GetFromJsonAsync<JsonElement[]>($"api/v1/incidents/{incident.Id()}/observables", Ct) ?? []);
    }

    // QA pass 5: parallel POSTs of one value all passed the "already there?" check and each stored a row.
    [Fact]
    public async Task AddObservable_SixAtOnce_One201AndTheRest400DuplicateObservable()
    {
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var incident = await CreateAsync(analyst, "Beaconing host");

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            analyst.PostAsJsonAsync($"api/v1/incidents/{incident.Id()}/observables", new { kind = "Domain", value = "c2.example" }, Ct)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            var problem = await refused.ExpectJsonAsync(HttpStatusCode.BadRequest);
            Assert.Contains("already has Domain 'c2.example'", Assert.Single(problem.GetProperty("errors").GetProperty("value").EnumerateArray()).GetString());
        }

        Assert.Single(await analyst.GetFromJsonAsync<JsonElement[]>($"api/v1/incidents/{incident.Id()}/observables", Ct) ?? []);
    }

    // QA pass 6: withdrawing a hand roll-up nobody made, on an origin that rolls up by itself, answered 200 and was audited.
    [Fact]
    public async Task RollUp_WithdrawOnAnOriginThatRollsUpAutomatically_400AndNotAudited()
    {
        await ActivateAsync(server);
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var incident = await CreateAsync(analyst, "Automatic lookup");
        var lookup = await (await analyst.PostAsJsonAsync($"api/v1/incidents/{incident.Id()}/lookups",
            new { provider = "VirusTotal", verdict = "malicious", techniques = new[] { "T1486" } }, Ct)).ExpectJsonAsync(HttpStatusCode.Created);

        var response = await analyst.PostAsJsonAsync($"api/v1/incidents/{incident.Id()}/rollups", new { origin = $"lookup:{lookup.Id()}", rolledUp = false }, Ct);

        var problem = await response.ExpectJsonAsync(HttpStatusCode.BadRequest);
        var issue = Assert.Single(problem.GetProperty("issues").EnumerateArray());
        Assert.Equal(("rolls-up-automatically", "origin"), (issue.GetProperty("code").GetString(), issue.GetProperty("field").GetString()));
        Assert.Contains("rolls up automatically under the current roll-up settings", issue.GetProperty("message").GetString());
        Assert.Equal([$"T1486@impact=lookup:{lookup.Id()}"], await TechniquesAsync(analyst, incident.Id()));
        using var admin = await server.AdminAsync();
        var audit = await admin.GetFromJsonAsync<JsonElement>($"api/v1/audit?action=incident.rollup.unpin&entityId={incident.Id()}", Ct);
        Assert.Empty(audit.GetProperty("items").EnumerateArray());
    }

    // QA pass 6: a hand roll-up stayed in incident_rollup_pins after its observable, lookup or child was gone.
    [Fact]
    public async Task RemoveEvidence_HandRolledUp_PinGoesWithIt()
    {
        await ActivateAsync(server);
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var incident = await CreateAsync(analyst, "Pinned evidence");
        var child = await CreateAsync(analyst, "Pinned child", incident.Id());
        var observable = await (await analyst.PostAsJsonAsync($"api/v1/incidents/{incident.Id()}/observables",
            new { kind = "Domain", value = "pinned.example" }, Ct)).ExpectJsonAsync(HttpStatusCode.Created);
        await (await analyst.PostAsJsonAsync($"api/v1/incidents/{incident.Id()}/lookups",
            new { provider = "VirusTotal", verdict = "malicious", observableId = observable.Id(), techniques = new[] { "T1071.004" } }, Ct))
            .ExpectJsonAsync(HttpStatusCode.Created);
        var lookup = await (await analyst.PostAsJsonAsync($"api/v1/incidents/{incident.Id()}/lookups",
            new { provider = "VirusTotal", verdict = "malicious", techniques = new[] { "T1486" } }, Ct)).ExpectJsonAsync(HttpStatusCode.Created);
        string[] origins = [$"observable:{observable.Id()}", $"lookup:{lookup.Id()}", $"child:{child.Id()}"];
        foreach (var origin in origins)
        {
            await (await analyst.PostAsJsonAsync($"api/v1/incidents/{incident.Id()}/rollups", new { origin, rolledUp = true }, Ct)).ExpectJsonAsync(HttpStatusCode.OK);
        }

        var store = server.App.Services.GetRequiredService<IIncidentStore>();
        Assert.Equal(origins.Order(StringComparer.Ordinal), (await store.PinnedOriginsAsync(incident.Id(), Ct)).Select(o => o.ToString()).Order(StringComparer.Ordinal));

        (await analyst.DeleteAsync($"api/v1/incidents/{incident.Id()}/observables/{observable.Id()}", Ct)).EnsureSuccessStatusCode();
        (await analyst.DeleteAsync($"api/v1/incidents/{incident.Id()}/lookups/{lookup.Id()}", Ct)).EnsureSuccessStatusCode();
        var current = await analyst.GetFromJsonAsync<JsonElement>($"api/v1/incidents/{child.Id()}", Ct);
        (await analyst.PutAsJsonAsync($"api/v1/incidents/{child.Id()}", new
        {
            title = "Pinned child", description = "", severity = "High", state = "New", assignee = (string?)null, parentId = (long?)null, version = current.Version(),
        }, Ct)).EnsureSuccessStatusCode();

        Assert.Empty(await store.PinnedOriginsAsync(incident.Id(), Ct));
    }
}
