using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Tessera.Server.Tests.Api.Alerts;
using Tessera.Server.Tests.Api.Incidents;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Browser.Alerts;

public sealed class AlertTriageBrowserTests(TesseraServerFixture server, BrowserFixture browser)
    : IClassFixture<TesseraServerFixture>, IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Marker() => "m" + Guid.NewGuid().ToString("N")[..10];

    private async Task<IPage> OpenAsync(string user, string password, string path)
    {
        var page = await UiSession.SignInAsync(browser.Browser, server.BaseAddress, user, password, path);
        await UiSession.WaitForInteractiveAsync(page);
        return page;
    }

    // The mapper builds in the background at start-up; on a loaded machine the first ingest would outlast HttpClient's timeout.
    private async Task<HttpClient> ReadyAdminAsync()
    {
        await IncidentAlertApiTests.MapperReadyAsync(server);
        return await server.AdminAsync();
    }

    private Task<IPage> OpenAsAdminAsync(string path) => OpenAsync("admin", TesseraServerFixture.AdminPassword, path);

    private static ILocator Lines(IPage page) => page.Locator("[data-testid=alert-row]");

    private static ILocator Line(IPage page, long id) => page.Locator($"[data-testid=alert-row][data-alert-id='{id}']");

    private static ILocator Detail(IPage page, long id) => page.Locator($"[data-testid=alert-detail][data-alert-id='{id}']");

    private static async Task<ILocator> ExpandAsync(IPage page, long id)
    {
        await Line(page, id).ClickAsync();
        await Assertions.Expect(Line(page, id)).ToHaveAttributeAsync("aria-expanded", "true");
        return Detail(page, id);
    }

    private static Task<string[]> TechniquesAsync(ILocator detail) =>
        detail.Locator("[data-testid=suggestion]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.technique)");

    [Fact]
    public async Task Queue_ByDefault_RowsAreCollapsedAlignedAndShowTopSuggestion()
    {
        using var admin = await ReadyAdminAsync();
        var marker = Marker();
        var vendor = await IngestSuricataAsync(admin, $"ET EXPLOIT Struts OGNL injection {marker}", "T1190");
        var other = await AlertApiTests.IngestAsync(admin, $"A much longer custom alert title that would push columns around {marker} {new string('x', 80)}");
        var suggested = await admin.GetFromJsonAsync<JsonElement>($"api/v1/alerts/{vendor}", Ct);

        var page = await OpenAsAdminAsync("alerts?q=" + marker);

        await Assertions.Expect(Lines(page)).ToHaveCountAsync(2);
        Assert.Equal(0, await page.Locator("[data-testid=alert-detail]").CountAsync());
        Assert.Equal(["false", "false"], await Lines(page).EvaluateAllAsync<string[]>("els => els.map(e => e.getAttribute('aria-expanded'))"));
        var line = Line(page, vendor);
        Assert.Equal("new", await line.Locator("[data-testid=triage-state]").InnerTextAsync());
        Assert.Equal("T1190", await line.Locator("[data-testid=top-suggestion]").GetAttributeAsync("data-technique"));
        Assert.Equal("vendor metadata", await line.Locator("[data-testid=top-origin]").InnerTextAsync());
        var count = suggested.GetProperty("mapping").GetProperty("techniques").GetArrayLength();
        Assert.Equal(count > 1 ? $"+{count - 1}" : "", (await line.Locator("[data-testid=more-suggestions]").InnerTextAsync()).Trim());
        // Same column, same place and width on every line, whatever the title's length.
        var a = await line.Locator("[data-testid=top-suggestion]").BoundingBoxAsync();
        var b = await Line(page, other).Locator("[data-testid=top-suggestion]").BoundingBoxAsync();
        Assert.Equal((a!.X, a.Width), (b!.X, b.Width));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task OpenRow_ByClickThenKeyboard_ShowsExplanationAndActionsOneAtATime()
    {
        using var admin = await ReadyAdminAsync();
        var marker = Marker();
        var older = await IngestSuricataAsync(admin, $"ET EXPLOIT Struts OGNL injection {marker}", "T1190");
        var newer = await AlertApiTests.IngestAsync(admin, $"Suspicious Encoded PowerShell Command Line {marker}");
        var page = await OpenAsAdminAsync("alerts?q=" + marker);

        var detail = await ExpandAsync(page, older);

        await Assertions.Expect(detail.Locator("[data-testid=summary]")).ToContainTextAsync("Explanation:");
        await Assertions.Expect(detail.Locator("[data-testid=suggestion][data-technique='T1190'] [data-testid=tactics]")).ToContainTextAsync("initial-access");
        await Assertions.Expect(detail.Locator("[data-testid=suggestion] [data-testid=why]").First).ToBeAttachedAsync();
        foreach (var control in new[] { "confirm", "reject", "correct", "correct-input", "attach-to-incident" })
        {
            await Assertions.Expect(detail.Locator($"[data-testid={control}]")).ToBeVisibleAsync();
        }

        await Line(page, newer).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(Detail(page, newer).Locator("[data-testid=confirm]")).ToBeVisibleAsync();
        await Assertions.Expect(Line(page, older)).ToHaveAttributeAsync("aria-expanded", "false");
        Assert.Equal(1, await page.Locator("[data-testid=alert-detail]").CountAsync());

        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(Line(page, newer)).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(page.Locator("[data-testid=alert-detail]")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Confirm_AdvancesToNextAlertStillNew_SkippingTriagedOnes()
    {
        using var admin = await ReadyAdminAsync();
        var marker = Marker();
        var oldest = await AlertApiTests.IngestAsync(admin, $"Odd activity one {marker}");
        var triaged = await AlertApiTests.IngestAsync(admin, $"Odd activity two {marker}");
        var newest = await AlertApiTests.IngestAsync(admin, $"Odd activity three {marker}");
        (await admin.PostAsJsonAsync($"api/v1/alerts/{triaged}/feedback", new { action = "confirm" }, Ct)).EnsureSuccessStatusCode();
        var page = await OpenAsAdminAsync("alerts?q=" + marker);

        await (await ExpandAsync(page, newest)).Locator("[data-testid=confirm]").ClickAsync();

        await Assertions.Expect(Line(page, newest).Locator("[data-testid=triage-state]")).ToHaveTextAsync("confirmed");
        await Assertions.Expect(Line(page, oldest)).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(Line(page, oldest)).ToBeFocusedAsync();
        await Assertions.Expect(Line(page, triaged)).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(page).ToHaveURLAsync(new Uri(server.BaseAddress, $"alerts?q={marker}&alert={oldest}").ToString());

        await Detail(page, oldest).Locator("[data-testid=reject]").ClickAsync();

        await Assertions.Expect(Line(page, oldest).Locator("[data-testid=triage-state]")).ToHaveTextAsync("rejected");
        await Assertions.Expect(page.Locator("[data-testid=alert-detail]")).ToHaveCountAsync(0);
        await Assertions.Expect(page).ToHaveURLAsync(new Uri(server.BaseAddress, $"alerts?q={marker}").ToString());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task OpenRow_AddressNamesTheAlert_ReloadOpensItAgain()
    {
        using var admin = await ReadyAdminAsync();
        var marker = Marker();
        var older = await AlertApiTests.IngestAsync(admin, $"Address alert older {marker}");
        var newer = await AlertApiTests.IngestAsync(admin, $"Address alert newer {marker}");
        var page = await OpenAsAdminAsync("alerts?q=" + marker);

        await ExpandAsync(page, older);
        await Assertions.Expect(page).ToHaveURLAsync(new Uri(server.BaseAddress, $"alerts?q={marker}&alert={older}").ToString());
        await page.ReloadAsync();
        await UiSession.WaitForInteractiveAsync(page);

        await Assertions.Expect(Line(page, older)).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(Line(page, newer)).ToHaveAttributeAsync("aria-expanded", "false");
        // Closing it takes the alert out of the address without navigating: focus stays off the heading.
        await Line(page, older).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Uri(server.BaseAddress, $"alerts?q={marker}").ToString());
        await Assertions.Expect(page.Locator("h1")).Not.ToBeFocusedAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task StateInAddress_FiltersTheQueueAndFollowsTheFilter()
    {
        using var admin = await ReadyAdminAsync();
        var marker = Marker();
        var waiting = await AlertApiTests.IngestAsync(admin, $"Suspicious Encoded PowerShell Command Line {marker}");
        var rejected = await AlertApiTests.IngestAsync(admin, $"ET SCAN Nmap Scripting Engine User-Agent Detected {marker}");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"api/v1/alerts/{rejected}/feedback", new { action = "reject" }, Ct)).StatusCode);

        // The Overview's "rejected" count links here.
        var page = await OpenAsAdminAsync($"alerts?state=rejected&q={marker}");

        await Assertions.Expect(Lines(page)).ToHaveCountAsync(1);
        await Assertions.Expect(Line(page, rejected)).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=state-filter]")).ToHaveValueAsync("Rejected");
        await page.Locator("[data-testid=state-filter]").SelectOptionAsync("New");
        await Assertions.Expect(Line(page, waiting)).ToBeVisibleAsync();
        await Assertions.Expect(Lines(page)).ToHaveCountAsync(1);
        await Assertions.Expect(page).ToHaveURLAsync(new Uri(server.BaseAddress, $"alerts?state=new&q={marker}").ToString());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AlertQueryParameter_OpensThatAlert_EvenWhenTheFilterLeavesItOut()
    {
        using var admin = await ReadyAdminAsync();
        var marker = Marker();
        var older = await AlertApiTests.IngestAsync(admin, $"Linked alert older {marker}");
        var newer = await AlertApiTests.IngestAsync(admin, $"Linked alert newer {marker}");

        var page = await OpenAsAdminAsync($"alerts?q={marker}&alert={older}");

        await Assertions.Expect(Line(page, older)).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(Detail(page, older).Locator("[data-testid=detail-title]")).ToHaveTextAsync($"Linked alert older {marker}");
        await Assertions.Expect(Line(page, newer)).ToHaveAttributeAsync("aria-expanded", "false");

        await UiSession.OpenAsync(page, $"alerts?q=nothing-matches-{marker}&alert={newer}");

        await Assertions.Expect(Lines(page)).ToHaveCountAsync(1);
        await Assertions.Expect(Line(page, newer)).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(Detail(page, newer)).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Confirm_ThenIdenticalAlertArrives_ShowsAnalystConfirmedProvenance()
    {
        using var admin = await ReadyAdminAsync();
        var marker = Marker();
        var id = await AlertApiTests.IngestAsync(admin, $"Custom sensor {marker} alarm from 10.0.0.1");
        var page = await OpenAsAdminAsync("alerts?q=" + marker);
        var top = await Line(page, id).Locator("[data-testid=top-suggestion]").GetAttributeAsync("data-technique");

        await (await ExpandAsync(page, id)).Locator("[data-testid=confirm]").ClickAsync();
        await Assertions.Expect(Line(page, id).Locator("[data-testid=triage-state]")).ToHaveTextAsync("confirmed");
        await AlertApiTests.IngestAsync(admin, $"Custom sensor {marker} alarm from 10.0.0.2");
        await page.ReloadAsync();
        await UiSession.WaitForInteractiveAsync(page);

        await Assertions.Expect(Lines(page)).ToHaveCountAsync(2);
        var newest = Lines(page).First;
        Assert.Equal(top, await newest.Locator("[data-testid=top-suggestion]").GetAttributeAsync("data-technique"));
        Assert.Equal("analyst-confirmed", await newest.Locator("[data-testid=top-origin]").InnerTextAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Reject_RemovesRejectedSuggestionsAndMarksAlert()
    {
        using var admin = await ReadyAdminAsync();
        var marker = Marker();
        var id = await AlertApiTests.IngestAsync(admin, $"Suspicious Encoded PowerShell Command Line {marker}");
        var page = await OpenAsAdminAsync("alerts?q=" + marker);
        var before = await TechniquesAsync(await ExpandAsync(page, id));

        await Detail(page, id).Locator("[data-testid=reject]").ClickAsync();

        await Assertions.Expect(Line(page, id).Locator("[data-testid=triage-state]")).ToHaveTextAsync("rejected");
        var after = await TechniquesAsync(await ExpandAsync(page, id));
        Assert.NotEmpty(before);
        Assert.Empty(before.Intersect(after));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Confirm_AfterAnotherAnalystDecided_ShowsTheirDecisionAndSavesNothing()
    {
        using var admin = await ReadyAdminAsync();
        var marker = Marker();
        var id = await AlertApiTests.IngestAsync(admin, $"Suspicious Encoded PowerShell Command Line {marker}");
        var page = await OpenAsAdminAsync("alerts?q=" + marker);
        var detail = await ExpandAsync(page, id);
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        var seen = (await analyst.GetFromJsonAsync<JsonElement>($"api/v1/alerts/{id}", Ct)).GetProperty("version").GetInt64();
        var rejected = await analyst.PostAsJsonAsync($"api/v1/alerts/{id}/feedback", new { action = "reject", expectedVersion = seen }, Ct);

        // This page still shows the alert as new.
        await detail.Locator("[data-testid=confirm]").ClickAsync();

        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        await Assertions.Expect(detail.Locator("[data-testid=feedback-error]")).ToContainTextAsync("nothing was saved");
        await Assertions.Expect(Line(page, id).Locator("[data-testid=triage-state]")).ToHaveTextAsync("rejected");
        await Assertions.Expect(detail.Locator("[data-testid=triaged-by]")).ToContainTextAsync("rejected by");
        Assert.Equal("rejected", (await admin.GetFromJsonAsync<JsonElement>($"api/v1/alerts/{id}", Ct)).GetProperty("state").GetString());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Correct_AlertAttachedToAnIncident_SaysTheIncidentNowCarriesIt()
    {
        using var admin = await ReadyAdminAsync();
        await IncidentApiKit.ActivateAsync(server);
        var marker = Marker();
        var id = await AlertApiTests.IngestAsync(admin, $"Odd upload to the admin console {marker}");
        var incident = await IncidentApiKit.CreateAsync(admin, $"Web shell {marker}");
        (await admin.PostAsJsonAsync($"api/v1/incidents/{incident.Id()}/alerts", new { alertIds = new[] { id } }, Ct)).EnsureSuccessStatusCode();
        var page = await OpenAsAdminAsync("alerts?q=" + marker);
        var detail = await ExpandAsync(page, id);

        await detail.Locator("[data-testid=correct-input]").FillAsync("T1505.003");
        await detail.Locator("[data-testid=correct]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=incident-notice]"))
            .ToHaveTextAsync($"Alert #{id} corrected: {Tessera.Core.Incidents.Incident.FormatNumber(incident.Id())} now carries its techniques.");
        Assert.Contains("T1505.003@persistence", (await IncidentApiKit.TechniquesAsync(admin, incident.Id())).Select(r => r.Split('=')[0]));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Correct_InvalidId_ShowsErrorAndKeepsAlertNew()
    {
        using var admin = await ReadyAdminAsync();
        var marker = Marker();
        var id = await AlertApiTests.IngestAsync(admin, $"Odd activity {marker}");
        var page = await OpenAsAdminAsync("alerts?q=" + marker);
        var detail = await ExpandAsync(page, id);

        await detail.Locator("[data-testid=correct-input]").FillAsync("T1190 TA0001");
        await detail.Locator("[data-testid=correct]").ClickAsync();

        await Assertions.Expect(detail.Locator("[data-testid=feedback-error]")).ToContainTextAsync("TA0001");
        Assert.Equal("new", await Line(page, id).Locator("[data-testid=triage-state]").InnerTextAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Viewer_SeesNoTriageButtonsAndApiRefusesFeedback()
    {
        using var admin = await ReadyAdminAsync();
        var marker = Marker();
        var id = await AlertApiTests.IngestAsync(admin, $"Viewer visible {marker}");
        var name = "viewer" + marker;
        (await admin.PostAsJsonAsync("api/v1/users", new { userName = name, password = "viewer-password-123", role = "Viewer" }, Ct)).EnsureSuccessStatusCode();
        using var viewerApi = await server.ClientWithRoleAsync("Viewer");

        var page = await OpenAsync(name, "viewer-password-123", "alerts?q=" + marker);
        var detail = await ExpandAsync(page, id);

        await Assertions.Expect(detail.Locator("[data-testid=detail-title]")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("[data-testid=confirm], [data-testid=reject], [data-testid=correct], [data-testid=attach-to-incident]").CountAsync());
        var refused = await viewerApi.PostAsJsonAsync($"api/v1/alerts/{id}/feedback", new { action = "confirm" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task HtmlInTitle_IsShownLiterallyAndNeverExecuted()
    {
        using var admin = await ReadyAdminAsync();
        var marker = Marker();
        var title = $"<b>bold</b><img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=1</script> {marker}";
        var id = await AlertApiTests.IngestAsync(admin, title);

        var page = await OpenAsAdminAsync("alerts?q=" + marker);
        var detail = await ExpandAsync(page, id);

        foreach (var shown in new[] { Line(page, id).Locator("[data-testid=alert-title]"), detail.Locator("[data-testid=detail-title]") })
        {
            Assert.Equal(title, await shown.InnerTextAsync());
            Assert.Equal(0, await shown.Locator("b, img, script").CountAsync());
        }

        Assert.True(await page.EvaluateAsync<bool>("() => window.__pwned === undefined"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Library_AfterCorrection_ShowsEntryWithWhoAndWhat()
    {
        using var admin = await ReadyAdminAsync();
        var marker = Marker();
        var id = await AlertApiTests.IngestAsync(admin, $"Library browser check {marker}");
        (await admin.PostAsJsonAsync($"api/v1/alerts/{id}/feedback", new { action = "correct", techniques = new[] { "T1046" }, note = "port scan" }, Ct)).EnsureSuccessStatusCode();

        var page = await UiSession.SignInAsync(browser.Browser, server.BaseAddress, "admin", TesseraServerFixture.AdminPassword, "alerts/library");
        await UiSession.WaitForInteractiveAsync(page);
        await page.Locator("[data-testid=library-search]").FillAsync(marker);
        await page.Locator("[data-testid=library-search]").PressAsync("Tab");

        var entry = page.Locator("[data-testid=library-entry]");
        await Assertions.Expect(entry).ToHaveCountAsync(1);
        await Assertions.Expect(entry).ToContainTextAsync("T1046");
        await entry.Locator("summary").ClickAsync();
        await Assertions.Expect(entry.Locator("[data-testid=history] li")).ToContainTextAsync("apikey:test-admin · correct T1046 — port scan");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task V19Correction_ShowsAtomicNameAndTheLoadedReleaseId()
    {
        using var admin = await ReadyAdminAsync();
        var marker = Marker();
        var id = await AlertApiTests.IngestAsync(admin, $"EDR agent tampering {marker}");
        var feedback = await admin.PostAsJsonAsync($"api/v1/alerts/{id}/feedback", new { action = "correct", techniques = new[] { "T1685" } }, Ct);
        Assert.Equal(HttpStatusCode.OK, feedback.StatusCode);

        var page = await OpenAsAdminAsync("alerts?q=" + marker);
        var suggestion = (await ExpandAsync(page, id)).Locator("[data-testid=suggestion][data-technique='T1685']");

        await Assertions.Expect(suggestion).ToContainTextAsync("Disable or Modify Tools");
        await Assertions.Expect(suggestion.Locator("[data-testid=same-as]")).ToContainTextAsync("T1562.001");
        await page.Context.CloseAsync();
    }

    /// <summary>A Suricata alert whose vendor metadata names a technique, so its top suggestion is known in advance.</summary>
    private static async Task<long> IngestSuricataAsync(HttpClient client, string signature, string technique)
    {
        var response = await client.PostAsJsonAsync("api/v1/alerts", new
        {
            event_type = "alert", src_ip = "203.0.113.45", dest_ip = "192.0.2.10",
            alert = new { signature, severity = 1, metadata = new { mitre_technique_id = new[] { technique } } },
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("alerts")[0].GetProperty("id").GetInt64();
    }
}
