using Microsoft.Playwright;
using Tessera.Server.Tests.Api.Incidents;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Browser;

/// <summary>
/// Every page of the demo, opened in real Chromium with addresses nobody plans for: unknown and malformed IDs, markup and
/// NUL characters in search boxes, bogus filters, impossible dates, negative page sizes. Each must render its own page
/// (a "not found" or an ignored filter), never the error banner, a server error or a script error, and markup in the
/// address must stay text. A throwaway version of this probe ran in session 12; this keeps it.
/// </summary>
public sealed class PageProbeBrowserTests(DemoServerFixture server, BrowserFixture browser)
    : IClassFixture<DemoServerFixture>, IClassFixture<BrowserFixture>
{
    private static readonly string[] Addresses =
    [
        "", "about", "attack", "sources", "runbooks", "audit", "rules", "incidents", "incidents/heatmap", "alerts",
        "alerts/library", "coverage", "coverage/setup", "coverage/data-sources", "coverage/regressions", "backlog",
        "exposures", "threats", "admin/webhooks", "admin/api-keys", "admin/users",
        "attack/technique/T9999", "attack/technique/%3Cscript%3E", "attack/technique/T1059.001",
        "coverage/technique/T9999", "coverage/technique/xyz", "coverage/technique/T1685",
        "incidents/999999", "incidents/-1", "incidents/techniques/T9999", "incidents/techniques/%3Cspan%20id%3Dprobe%3Ex%3C%2Fspan%3E",
        "rules/00000000-0000-0000-0000-000000000000",
        "incidents?state=bogus&severity=zz&q=%3Cscript%3E",
        "alerts?state=bogus&q=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
        "alerts/library?q=%25%25%25",
        "coverage?tactic=bogus&platform=bogus&state=bogus&owner=%00",
        "coverage/regressions?since=bogus",
        "audit?from=bogus&to=2026-13-99&take=-1",
        "backlog?state=bogus&reason=bogus",
        "exposures?status=bogus&take=-5",
        "threats?groups=G9999,G0016",
        "incidents/heatmap?from=bogus",
        "rules?q=%3Cscript%3E&source=bogus", "runbooks?q=%3Cspan%20id%3Dprobe%3Ex%3C%2Fspan%3E",
    ];

    [Fact]
    public async Task Pages_OddAddresses_RenderWithoutErrors()
    {
        var signedIn = await UiSession.SignInAsync(browser.Browser, server.BaseAddress, "admin", TesseraServerFixture.AdminPassword);
        var failures = new List<string>();

        // Each address in a tab of its own (the sign-in cookie is shared), so nothing the previous page logs while it
        // unloads is counted against the next one.
        foreach (var address in Addresses)
        {
            var page = await signedIn.Context.NewPageAsync();
            var errors = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    errors.Add("console: " + message.Text);
                }
            };
            page.PageError += (_, error) => errors.Add("script: " + error);
            page.Dialog += (_, dialog) => errors.Add("dialog: " + dialog.Message);

            var response = await page.GotoAsync(address);
            await UiSession.WaitForLoadedAsync(page);

            if (response is null || response.Status >= 500)
            {
                failures.Add($"/{address}: answered {response?.Status}");
            }

            if (await page.Locator("#blazor-error-ui").IsVisibleAsync())
            {
                failures.Add($"/{address}: the error banner is shown");
            }

            if (!await page.Locator("[data-testid=current-user]").IsVisibleAsync())
            {
                failures.Add($"/{address}: the layout is not shown");
            }

            if (await page.Locator("main script, main img[src=x], #probe").CountAsync() > 0)
            {
                failures.Add($"/{address}: markup from the address became HTML");
            }

            failures.AddRange(errors.Select(e => $"/{address}: {e}"));
            await page.CloseAsync();
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        await signedIn.Context.CloseAsync();
    }
}
