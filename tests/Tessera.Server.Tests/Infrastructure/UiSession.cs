using Microsoft.Playwright;

namespace Tessera.Server.Tests.Infrastructure;

/// <summary>Signs a fresh browser context into the server, as a person would through the sign-in form.</summary>
public static class UiSession
{
    /// <summary>Waits for Blazor's interactive circuit so clicks reach the server (no sleeps: waits on the page's own signal).</summary>
    public static Task WaitForInteractiveAsync(IPage page) =>
        page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.querySelector('[data-interactive=\"true\"]') !== null");

    public static async Task<IPage> SignInAsync(IBrowser browser, Uri baseAddress, string userName, string password, string path = "")
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString() });
        // Test assemblies share two cores in CI; a generous ceiling keeps waits on page state, never on time.
        context.SetDefaultTimeout(120_000);
        context.SetDefaultNavigationTimeout(120_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("account/login?returnUrl=" + Uri.EscapeDataString("/" + path));
        await page.FillAsync("#userName", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync(u => !u.Contains("/account/login", StringComparison.Ordinal));
        return page;
    }
}
