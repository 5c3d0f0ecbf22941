using Microsoft.Playwright;
using Tessera.Server.Demo;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Browser.Coverage;

/// <summary>The coverage dashboard, drill-down and rule registry in real Chromium against the demo data set.</summary>
public sealed partial class CoverageBrowserTests(CoverageDemoServerFixture server, BrowserFixture browser)
    : IClassFixture<CoverageDemoServerFixture>, IClassFixture<BrowserFixture>
{
    private Task<IPage> SignInAsync(string user, string path) =>
        UiSession.SignInAsync(browser.Browser, server.BaseAddress, user, UsersDemoSeeder.Password, path);

    [Fact]
    public async Task Dashboard_Demo_ShowsEveryStateAndFiltersByState()
    {
        var page = await SignInAsync("viewer", "coverage");
        await page.Locator("[data-testid=coverage-matrix]").WaitForAsync();
        await UiSession.WaitForInteractiveAsync(page);

        Assert.Equal("validated", await page.Locator("[data-testid='cell-T1003.001']").GetAttributeAsync("data-state"));
        Assert.Equal("failing", await page.Locator("[data-testid='cell-T1218.011']").GetAttributeAsync("data-state"));
        // No data: e.g. Linux-only techniques, since the demo drops the auditd collector.
        foreach (var state in new[] { "rule", "gap", "nodata" })
        {
            Assert.True(await page.Locator($"[data-testid=coverage-matrix] .cell[data-state={state}]").CountAsync() > 0, state);
        }

        await page.SelectOptionAsync("[data-testid=filter-state]", "failing");
        await page.Locator("[data-testid=coverage-matrix] .cell.sub[data-state=gap]").First.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        var states = await page.Locator("[data-testid=coverage-matrix] .cell.sub").EvaluateAllAsync<string[]>("cells => cells.map(c => c.dataset.state)");
        Assert.NotEmpty(states);
        Assert.All(states, s => Assert.Equal("failing", s));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TechniqueDrillDown_FailingTechnique_ShowsRulesDataAndRuns()
    {
        var page = await SignInAsync("viewer", "coverage/technique/T1218.011");
        await page.Locator("[data-testid=technique-state]").WaitForAsync();

        Assert.Equal("failing", await page.Locator("[data-testid=technique-state] [data-state]").GetAttributeAsync("data-state"));
        Assert.True(await page.Locator("[data-testid=rule-coverage] tbody tr").CountAsync() > 5);
        Assert.Contains("NotDetected", await page.Locator("[data-testid=runs]").InnerTextAsync());
        Assert.Contains("Process Creation", await page.Locator("[data-testid=required-data]").InnerTextAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TechniqueDrillDown_NewerId_OpensTheTechniqueTheReleaseKnowsWithItsRulesAndTests()
    {
        // Current Sigma and Atomic content files "Disable or Modify Tools" under v19's T1685; 18.1 calls it T1562.001.
        var page = await SignInAsync("viewer", "coverage/technique/T1685");
        await page.Locator("[data-testid=technique-state]").WaitForAsync();

        Assert.StartsWith("T1562.001 Disable or Modify Tools", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("T1685", await page.Locator("[data-testid=newer-ids]").InnerTextAsync());
        Assert.NotEqual("gap", await page.Locator("[data-testid=technique-state] [data-state]").GetAttributeAsync("data-state"));
        Assert.True(await page.Locator("[data-testid=rule-coverage] tbody tr").CountAsync() > 20);
        Assert.Contains("T1685", await page.Locator("[data-testid=rule-coverage]").InnerTextAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task RuleRegistry_RuleTaggedWithTacticsOnly_SaysItCountsForNoTechnique()
    {
        var page = await SignInAsync("viewer", "rules");
        await UiSession.WaitForInteractiveAsync(page);

        // SigmaHQ tags this rule with five tactics and no technique.
        await page.FillAsync("[data-testid=rules-q]", "AADInternals PowerShell Cmdlets Execution - PsScript");
        await page.ClickAsync("[data-testid=rules-search]");

        var row = page.Locator("[data-testid=rules-table] tbody tr", new() { HasText = "AADInternals PowerShell Cmdlets Execution - PsScript" });
        await Assertions.Expect(row.Locator("[data-testid=no-technique]"))
            .ToHaveTextAsync("tactics only: execution, reconnaissance, discovery, credential-access, impact");
        await page.Context.CloseAsync();
    }

    // The page filtered on the raw text: TA0006 listed 0 rules (the API lists credential-access's), and a typo read as
    // "0 rules", as if nothing covered the tactic.
    [Fact]
    public async Task RuleRegistry_TacticById_ListsTheTacticsRules_TypoIsSaid()
    {
        var page = await SignInAsync("viewer", "rules?tactic=credential-access");
        var total = page.Locator("[data-testid=rules-total]");
        await Assertions.Expect(total).Not.ToHaveTextAsync("0 rules");
        var byName = await total.InnerTextAsync();

        await page.GotoAsync("rules?tactic=TA0006");
        await UiSession.WaitForLoadedAsync(page);
        await Assertions.Expect(total).ToHaveTextAsync(byName);
        Assert.Equal(0, await page.Locator("[data-testid=rules-tactic-problem]").CountAsync());

        await page.GotoAsync("rules?tactic=credentail-access");
        await Assertions.Expect(page.Locator("[data-testid=rules-tactic-problem]"))
            .ToContainTextAsync("'credentail-access' is not a tactic of the loaded ATT&CK releases (enterprise-attack@18.1)");
        await Assertions.Expect(page.Locator("[data-testid=rules-tactic-problem]")).ToContainTextAsync("credential-access, defense-evasion");
        await page.Context.CloseAsync();
    }

    // The export links carry the page's filters and download in place: the page stays the dashboard (the CSV link had
    // no download attribute, so the tab's address became the API's), and an unfiltered link has no stray "&".
    [Fact]
    public async Task Dashboard_CsvExport_DownloadsTheFilteredListAndStaysOnThePage()
    {
        var page = await SignInAsync("viewer", "coverage");
        await page.Locator("[data-testid=coverage-matrix]").WaitForAsync();
        await UiSession.WaitForInteractiveAsync(page);
        Assert.Equal("api/v1/coverage/export?format=csv", await page.Locator("[data-testid=export-csv]").GetAttributeAsync("href"));

        await page.SelectOptionAsync("[data-testid=filter-tactic]", "exfiltration");
        await Assertions.Expect(page.Locator("[data-testid=export-csv]")).ToHaveAttributeAsync("href", "api/v1/coverage/export?format=csv&tactic=exfiltration");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=export-csv]").ClickAsync());

        Assert.Equal("coverage.csv", download.SuggestedFilename);
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!, TestContext.Current.CancellationToken);
        var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Contains("exfiltration", r, StringComparison.OrdinalIgnoreCase));
        Assert.EndsWith("/coverage", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task RuleRegistry_EngineerChangesOwner_ViewerCannotEdit()
    {
        var page = await SignInAsync("engineer", "rules?owner=linux-team");
        await page.Locator("[data-testid=rules-table] tbody tr").First.WaitForAsync();
        // Follow the link once the list is interactive, so the interactive router opens the rule (the early click,
        // before the circuit starts, has its own test below).
        await UiSession.WaitForInteractiveAsync(page);
        await page.Locator("[data-testid=rules-table] tbody tr a").First.ClickAsync();
        await page.Locator("[data-testid=owner-input]").WaitForAsync();
        var ruleUrl = page.Url;

        await page.FillAsync("[data-testid=owner-input]", "alice");
        await page.ClickAsync("[data-testid=rule-save]");
        await page.Locator("[data-testid=rule-owner]", new() { HasText = "alice" }).WaitForAsync();
        Assert.Contains("Owner changed", await page.Locator("[data-testid=rule-history]").InnerTextAsync());

        var viewer = await SignInAsync("viewer", new Uri(ruleUrl).AbsolutePath.TrimStart('/'));
        await viewer.Locator("[data-testid=rule-title]").WaitForAsync();
        Assert.Equal(0, await viewer.Locator("[data-testid=rule-edit]").CountAsync());
        Assert.Equal("alice", await viewer.Locator("[data-testid=rule-owner]").InnerTextAsync());
        await page.Context.CloseAsync();
        await viewer.Context.CloseAsync();
    }

    [Fact]
    public async Task RuleRegistry_LinkFollowedBeforeTheCircuitStarts_RulePageStillEditable()
    {
        var page = await SignInAsync("engineer", "");
        await UiSession.WaitForInteractiveAsync(page);
        // Hold the rules page's circuit start until the link is followed: what a click on a slow server does.
        var held = new TaskCompletionSource();
        await page.RouteAsync("**/_blazor/negotiate**", async route =>
        {
            await held.Task;
            await route.ContinueAsync();
        });
        await page.GotoAsync("rules?owner=linux-team");
        await page.Locator("[data-testid=rules-table] tbody tr a").First.ClickAsync();
        await page.Locator("[data-testid=rule-edit]").WaitForAsync();
        held.SetResult();

        await UiSession.WaitForInteractiveAsync(page);
        await page.FillAsync("[data-testid=owner-input]", "early-click-team");
        await page.ClickAsync("[data-testid=rule-save]");

        await page.Locator("[data-testid=rule-owner]", new() { HasText = "early-click-team" }).WaitForAsync();
        await page.Context.CloseAsync();
    }
}
