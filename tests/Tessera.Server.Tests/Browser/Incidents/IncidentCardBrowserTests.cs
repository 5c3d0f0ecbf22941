using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Tessera.Server.Tests.Infrastructure;
using static Tessera.Server.Tests.Api.Incidents.IncidentApiKit;

namespace Tessera.Server.Tests.Browser.Incidents;

/// <summary>The incident ATT&amp;CK card in real headless Chromium: associate, remove at each level, toggles, views, closed incidents, roles.</summary>
public sealed class IncidentCardBrowserTests(TesseraServerFixture server, BrowserFixture browser)
    : IClassFixture<TesseraServerFixture>, IClassFixture<BrowserFixture>
{
    private const string Password = "browser-test-password-1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ILocator Cell(IPage page, string technique, string tactic) =>
        page.Locator($"[data-testid=matrix] .cell[data-technique='{technique}'][data-tactic='{tactic}']");

    private async Task<string> UserAsync(string role)
    {
        var name = $"{role.ToLowerInvariant()}{Guid.NewGuid():N}"[..20];
        using var admin = await server.AdminAsync();
        (await admin.PostAsJsonAsync("api/v1/users", new { userName = name, password = Password, role }, Ct)).EnsureSuccessStatusCode();
        return name;
    }

    /// <summary>An incident with associations made through the API, and a signed-in page on it.</summary>
    private async Task<(IPage Page, long Id)> OpenAsync(string role, string title, bool close = false, params object[] picks)
    {
        await ActivateAsync(server);
        using var api = await server.ClientWithRoleAsync("Analyst");
        var incident = await CreateAsync(api, title);
        var version = incident.Version();
        if (picks.Length > 0)
        {
            var saved = await (await AssociateAsync(api, incident.Id(), version, picks)).Content.ReadFromJsonAsync<JsonElement>(Ct);
            version = saved.GetProperty("incident").Version();
        }

        if (close)
        {
            (await api.PutAsJsonAsync($"api/v1/incidents/{incident.Id()}", new { version, title, description = "", assignee = (string?)null, parentId = (long?)null, severity = "High", state = "Closed" }, Ct)).EnsureSuccessStatusCode();
        }

        var page = await UiSession.SignInAsync(browser.Browser, server.BaseAddress, await UserAsync(role), Password, $"incidents/{incident.Id()}");
        // Ceilings, not waits: the shared 2-core machine can take seconds to render the first Enterprise matrix.
        page.SetDefaultTimeout(60_000);
        Assertions.SetDefaultExpectTimeout(30_000);
        await UiSession.WaitForInteractiveAsync(page);
        await page.Locator("[data-testid=attack-card]").WaitForAsync();
        return (page, incident.Id());
    }

    [Fact]
    public async Task Picker_SourceTacticTechniqueSaved_TechniqueHighlightedInMatrix()
    {
        var (page, _) = await OpenAsync("Analyst", "Browser associate");

        await page.ClickAsync("[data-testid=associate]");
        await page.SelectOptionAsync("[data-testid=picker-source]", Enterprise);
        await page.CheckAsync("[data-testid=picker-tactic-execution]");
        await page.CheckAsync("[data-testid='picker-technique-T1059.001-execution']");
        await page.ClickAsync("[data-testid=picker-save]");

        await Assertions.Expect(Cell(page, "T1059.001", "execution")).ToHaveAttributeAsync("data-associated", "true");
        await Assertions.Expect(Cell(page, "T1059", "execution")).ToHaveAttributeAsync("data-associated", "false");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Remove_TechniqueThenTacticThenSource_EachLevelDisappears()
    {
        var (page, _) = await OpenAsync("Analyst", "Browser remove", false,
            Pick(Enterprise, "execution", "T1059.001", "T1204.002"), Pick(Enterprise, "discovery", "T1082"));

        await Cell(page, "T1204.002", "execution").Locator("[data-testid=remove-technique]").ClickAsync();
        await Assertions.Expect(Cell(page, "T1204.002", "execution")).ToHaveCountAsync(0);
        await Assertions.Expect(Cell(page, "T1059.001", "execution")).ToHaveAttributeAsync("data-associated", "true");

        await page.Locator("section.tactic[data-tactic=discovery] [data-testid=remove-tactic]").ClickAsync();
        await Assertions.Expect(Cell(page, "T1082", "discovery")).ToHaveAttributeAsync("data-associated", "false");

        await page.ClickAsync("[data-testid=remove-source]");
        await Assertions.Expect(page.Locator("[data-testid=matrix-empty]")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Toggles_ShowOriginAndShowId_RevealOriginsAndIds()
    {
        var (page, _) = await OpenAsync("Viewer", "Browser toggles", false, Pick(Enterprise, "execution", "T1059.001"));
        var cell = Cell(page, "T1059.001", "execution");
        await Assertions.Expect(cell.Locator("[data-testid=origins]")).ToHaveCountAsync(0);

        await page.CheckAsync("[data-testid=toggle-origin]");
        await page.CheckAsync("[data-testid=toggle-id]");

        await Assertions.Expect(cell.Locator("[data-testid=origins]")).ToContainTextAsync("manual:apikey:test-Analyst-");
        await Assertions.Expect(cell.Locator("[data-testid=technique-id]")).ToHaveTextAsync("T1059.001");
        await page.UncheckAsync("[data-testid=toggle-id]");
        await Assertions.Expect(cell.Locator("[data-testid=technique-id]")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ListView_FilterAndSort_ShowsMatchingRowsAndBackToNavigator()
    {
        var (page, _) = await OpenAsync("Viewer", "Browser list", false,
            Pick(Enterprise, "execution", "T1059.001"), Pick(Enterprise, "credential-access", "T1003.001"));

        await page.ClickAsync("[data-testid=view-list]");
        var rows = page.Locator("[data-testid=list-table] tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await page.ClickAsync("[data-testid=sort-technique]");
        await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-technique", "T1059.001");
        await page.FillAsync("[data-testid=list-filter]", "credential");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-technique", "T1003.001");

        await page.ClickAsync("[data-testid=view-navigator]");
        await Assertions.Expect(page.Locator("[data-testid=matrix]")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ClosedIncident_FieldsLockedButAssociationSaved()
    {
        var (page, _) = await OpenAsync("Analyst", "Browser closed", close: true);

        await Assertions.Expect(page.Locator("[data-testid=closed-note]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=field-title]")).ToBeDisabledAsync();
        await page.ClickAsync("[data-testid=associate]");
        await page.SelectOptionAsync("[data-testid=picker-source]", Enterprise);
        await page.CheckAsync("[data-testid=picker-tactic-impact]");
        await page.CheckAsync("[data-testid='picker-technique-T1486-impact']");
        await page.ClickAsync("[data-testid=picker-save]");

        await Assertions.Expect(Cell(page, "T1486", "impact")).ToHaveAttributeAsync("data-associated", "true");
        await Assertions.Expect(page.Locator("[data-testid=incident-state]")).ToHaveTextAsync("Closed");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Fields_AnalystStartsWork_StateSavedAndShownInWords()
    {
        var (page, id) = await OpenAsync("Analyst", "Browser fields");

        await page.SelectOptionAsync("[data-testid=field-state]", "InProgress");
        await page.FillAsync("[data-testid=field-assignee]", "night-shift");
        await page.ClickAsync("[data-testid=field-save]");

        // The tag reads as words; the stored value and the API keep the enum name.
        await Assertions.Expect(page.Locator("[data-testid=incident-state]")).ToHaveTextAsync("In progress");
        using var api = await server.ClientWithRoleAsync("Viewer");
        var saved = await api.GetFromJsonAsync<JsonElement>($"api/v1/incidents/{id}", Ct);
        Assert.Equal(("InProgress", "night-shift"), (saved.GetProperty("state").GetString(), saved.GetProperty("assignee").GetString()));
        Assert.Equal("In progress", await page.Locator("[data-testid=field-state] option:checked").InnerTextAsync());
        await page.Context.CloseAsync();
    }

    // Reopening recomputes the roll-up (a child changed while the incident was closed), which bumped the version after the
    // form had kept the answer: editing the title next and saving said "changed by someone else".
    [Fact]
    public async Task Fields_ReopenWhileAChildChangedThenRename_BothSaved()
    {
        await ActivateAsync(server);
        using var api = await server.ClientWithRoleAsync("Analyst");
        var parent = await CreateAsync(api, "Browser reopen");
        var child = await CreateAsync(api, "Browser reopen child", parent.Id());
        (await api.PutAsJsonAsync($"api/v1/incidents/{parent.Id()}",
            new { version = parent.Version(), title = "Browser reopen", description = "", assignee = (string?)null, parentId = (long?)null, severity = "High", state = "Closed" }, Ct)).EnsureSuccessStatusCode();
        (await AssociateAsync(api, child.Id(), child.Version(), Pick(Enterprise, "execution", "T1059.001"))).EnsureSuccessStatusCode();
        var page = await UiSession.SignInAsync(browser.Browser, server.BaseAddress, await UserAsync("Analyst"), Password, $"incidents/{parent.Id()}");
        page.SetDefaultTimeout(60_000);
        Assertions.SetDefaultExpectTimeout(30_000);

        await page.SelectOptionAsync("[data-testid=field-state]", "InProgress");
        await page.ClickAsync("[data-testid=field-save]");
        await Assertions.Expect(page.Locator("[data-testid=incident-state]")).ToHaveTextAsync("In progress");
        await page.FillAsync("[data-testid=field-title]", "Browser reopen renamed");
        await page.ClickAsync("[data-testid=field-save]");

        await Assertions.Expect(page.Locator("[data-testid=incident-title]")).ToContainTextAsync("Browser reopen renamed");
        await Assertions.Expect(page.Locator("[data-testid=field-error]")).ToHaveCountAsync(0);
        var saved = await api.GetFromJsonAsync<JsonElement>($"api/v1/incidents/{parent.Id()}", Ct);
        Assert.Equal(("Browser reopen renamed", "InProgress"), (saved.GetProperty("title").GetString(), saved.GetProperty("state").GetString()));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Viewer_SeesCardWithoutAnyWriteControl()
    {
        var (page, _) = await OpenAsync("Viewer", "Browser viewer", false, Pick(Enterprise, "execution", "T1059.001"));

        await Assertions.Expect(Cell(page, "T1059.001", "execution")).ToHaveAttributeAsync("data-associated", "true");
        await Assertions.Expect(page.Locator("[data-testid=associate]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=remove-technique]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=remove-source]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=incident-fields]")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Heatmap_GroupOverlay_CountsIncidentAndOutlinesGroupTechnique()
    {
        var (page, _) = await OpenAsync("Viewer", "Browser heatmap", false, Pick(Enterprise, "credential-access", "T1003.001"));

        await UiSession.OpenAsync(page, "incidents/heatmap?group=G0007");

        var cell = page.Locator("[data-testid=heatmap] .cell[data-technique='T1003.001']").First;
        await Assertions.Expect(cell).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"heat-[1-5].*in-group"));
        await Assertions.Expect(page.Locator("[data-testid=heat-summary]")).ToContainTextAsync("shared with G0007");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TechniqueLink_FromMatrix_OpensContextWithGroupsAndProcedures()
    {
        var (page, _) = await OpenAsync("Viewer", "Browser technique link", false, Pick(Enterprise, "execution", "T1059.001"));

        await Cell(page, "T1059.001", "execution").Locator("a").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=technique-title]")).ToHaveTextAsync("T1059.001 PowerShell");
        await Assertions.Expect(page.Locator("[data-testid=procedures-groups] tbody tr").First).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
