using Microsoft.Playwright;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Browser;

/// <summary>
/// A full page load (an address typed or reloaded, not a link followed in the circuit) is prerendered with its data, then
/// the circuit starts and renders the page again. Pages carry their prerendered data into the circuit, so the page goes
/// interactive without ever falling back to its loading note and without losing a row. A script installed before the
/// page's own records, from the prerendered document on, every time a loading marker shows in <c>main</c>. On PostgreSQL
/// (see <see cref="PostgresDemoServerFixture"/>): on SQLite a query completes before it returns and no note ever shows.
/// </summary>
public sealed class PrerenderedStateBrowserTests(PostgresDemoServerFixture server, BrowserFixture browser)
    : IClassFixture<PostgresDemoServerFixture>, IClassFixture<BrowserFixture>
{
    // Runs in every document before its scripts. At DOMContentLoaded the prerendered page is complete and Blazor has not
    // started (blazor.web.js connects after it): note what it shows, then watch every change from there on.
    // Blazor can apply several render batches in one task (SignalR delivers them in one frame), so the page may already
    // show its data again when the observer runs: the records say what was added or removed and what an attribute was before
    // (the prerendered page has no loading note, so a removed one was shown by the circuit).
    private const string Watch = """
        (() => {
          const busy = '[aria-busy="true"]';
          const watch = window.__prerender = { busyInPrerender: false, busyAfterPrerender: 0, rows: -1, text: null };
          const inMain = node => node?.nodeType === 1 && node.closest('main') !== null;
          const showsBusy = node => node.nodeType === 1 && (node.matches(busy) || node.querySelector(busy) !== null);
          const seen = records => {
            for (const r of records) {
              const wasBusy = r.type === 'attributes'
                ? r.oldValue === 'true' && r.target.getAttribute('aria-busy') !== 'true' && inMain(r.target) || showsBusy(r.target) && inMain(r.target)
                : [...r.addedNodes, ...r.removedNodes].some(n => inMain(r.target) && showsBusy(n) || n.nodeType === 1 && n.querySelector('main ' + busy) !== null);
              if (wasBusy) { watch.busyAfterPrerender++; }
            }
          };
          document.addEventListener('DOMContentLoaded', () => {
            watch.busyInPrerender = document.querySelector('main ' + busy) !== null;
            watch.rows = document.querySelectorAll(window.__prerenderRows).length;
            watch.text = document.querySelector('main')?.innerText ?? null;
            new MutationObserver(seen).observe(document.body, { subtree: true, childList: true, attributes: true, attributeOldValue: true, attributeFilter: ['aria-busy'] });
          });
        })();
        """;

    /// <summary>Pages and the rows each shows in the demo data set (admin sees every page).</summary>
    public static TheoryData<string, string> Pages() => new()
    {
        { "coverage/regressions", "[data-testid=regressions] tbody tr" },
        { "rules", "[data-testid=rules-table] tbody tr" },
        { "rules?owner=windows-team", "[data-testid=rules-table] tbody tr" },
        { "coverage/technique/T1218.011", "[data-testid=rule-coverage] tbody tr" },
        { "coverage/data-sources", "[data-testid=data-sources] tbody tr" },
        { "coverage/setup", "[data-testid=coverage-settings]" },
        { "backlog", "[data-testid=backlog] tbody tr" },
        { "incidents", "[data-testid=incident-list] tbody tr" },
        { "incidents/1", "[data-testid=attack-card] [data-associated=true]" },
        { "incidents/heatmap", "[data-testid=heatmap] .cell" },
        { "incidents/techniques/T1110", "[data-testid=technique-title]" },
        { "exposures", "[data-testid=gap-row]" },
        { "runbooks", "[data-testid=runbook-list] tbody tr" },
        { "admin/users", "[data-testid=users] tbody tr" },
        { "admin/api-keys", "[data-testid=keys]" },
        { "admin/webhooks", "[data-testid=webhooks] tbody tr" },
        { "audit", "[data-testid=audit-entries] tbody tr" },
        { "sources", "[data-testid=sources] tbody tr" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task FullLoad_GoingInteractive_NeverShowsTheLoadingNoteAndKeepsTheRows(string path, string rows)
    {
        var page = await UiSession.SignInAsync(browser.Browser, server.BaseAddress, "admin", TesseraServerFixture.AdminPassword, "about");
        await page.AddInitScriptAsync($"window.__prerenderRows = {System.Text.Json.JsonSerializer.Serialize(rows)};");
        await page.AddInitScriptAsync(Watch);

        await page.GotoAsync(path);
        await UiSession.WaitForLoadedAsync(page);

        var watch = await page.EvaluateAsync<Watched>("() => window.__prerender");
        TestContext.Current.TestOutputHelper?.WriteLine($"{(server.OnPostgres ? "PostgreSQL" : "SQLite")}: {watch.BusyAfterPrerender} loading note(s) after the prerendered page");
        Assert.False(watch.BusyInPrerender, $"{path}: the prerendered page shows its loading note");
        Assert.True(watch.Rows > 0, $"{path}: the prerendered page shows no {rows}");
        Assert.True(watch.BusyAfterPrerender == 0, $"{path}: the loading note showed {watch.BusyAfterPrerender} time(s) after the prerendered page");
        Assert.Equal(watch.Rows, await page.Locator(rows).CountAsync());
        Assert.Equal(watch.Text, await page.Locator("main").InnerTextAsync());
        await page.Context.CloseAsync();
    }

    private sealed class Watched
    {
        public bool BusyInPrerender { get; set; }
        public int BusyAfterPrerender { get; set; }
        public int Rows { get; set; }
        public string? Text { get; set; }
    }
}
