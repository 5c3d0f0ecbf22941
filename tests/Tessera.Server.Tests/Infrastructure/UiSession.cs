using Microsoft.Playwright;

namespace Tessera.Server.Tests.Infrastructure;

/// <summary>Signs a fresh browser context into the server, as a person would through the sign-in form.</summary>
public static class UiSession
{
    /// <summary>Waits for Blazor's interactive circuit so clicks reach the server (no sleeps: waits on the page's own signal).</summary>
    public static Task WaitForInteractiveAsync(IPage page) =>
        page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.querySelector('[data-interactive=\"true\"]') !== null");

    /// <summary>
    /// Interactive, and no loading marker left in the page (the <c>role=status aria-busy=true</c> paragraph pages show
    /// until their data arrives), so what a late load renders, or the error it raises, is on the page.
    /// </summary>
    public static async Task WaitForLoadedAsync(IPage page)
    {
        await WaitForInteractiveAsync(page);
        await page.WaitForFunctionAsync("() => document.querySelector('main [aria-busy=\"true\"]') === null");
    }

    /// <summary>Opens a page by address in an already signed-in page, and waits until it is interactive with its data loaded.</summary>
    public static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await WaitForLoadedAsync(page);
    }

    public static async Task<IPage> SignInAsync(IBrowser browser, Uri baseAddress, string userName, string password, string path = "")
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString() });
        // Test assemblies share two cores in CI; a generous ceiling keeps waits on page state, never on time.
        context.SetDefaultTimeout(120_000);
        context.SetDefaultNavigationTimeout(120_000);
        var page = await context.NewPageAsync();
        Trace(page, userName);
        await page.GotoAsync("account/login?returnUrl=" + Uri.EscapeDataString("/" + path));
        await page.FillAsync("#userName", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#sign-in");
        // Signed in is known by the page itself: the layout names the user. No load-state event is involved: under CI load
        // Playwright has missed the load event of the redirected page (network idle seen, load never), and WaitForURLAsync,
        // even with WaitUntil = Commit, waits for that event once the address already matches. A locator wait re-resolves
        // across the redirect.
        await page.Locator("[data-testid=current-user]").WaitForAsync();
        if (page.Url.Contains("/account/login", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{userName} is still on the sign-in page: {page.Url}");
        }

        // The landing page is prerendered with its data, then the circuit starts and replaces it with its own render (the
        // same rows where the page carries its prerendered data, its loading note first where it does not). A test that
        // read the prerendered rows could see them vanish under it, and a link clicked before the circuit starts navigates
        // the same way again. Tests start on the interactive page with its data loaded. The
        // account pages (access denied) are static server rendering, with no circuit to wait for.
        if (!new Uri(page.Url).AbsolutePath.StartsWith("/account/", StringComparison.Ordinal))
        {
            await WaitForLoadedAsync(page);
        }

        return page;
    }

    /// <summary>
    /// Writes what the browser saw (navigations, console errors and warnings, script errors, failed requests, the circuit's
    /// WebSocket closing) to the test's output; <c>scripts/test.sh</c> prints it for a failed test, so a browser test that
    /// times out on CI says whether the page navigated away, the circuit dropped or a script failed.
    /// </summary>
    private static void Trace(IPage page, string userName)
    {
        var output = TestContext.Current.TestOutputHelper;
        if (output is null)
        {
            return;
        }

        void Write(string what)
        {
            try
            {
                output.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} [browser {userName}] {what}");
            }
            catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
            {
                // The test has finished (a socket closing as its context closes); its output is closed.
            }
        }

        page.FrameNavigated += (_, frame) =>
        {
            if (frame.ParentFrame is null)
            {
                Write("navigated " + frame.Url);
            }
        };
        page.DOMContentLoaded += (_, _) => Write("DOMContentLoaded");
        page.Load += (_, _) => Write("load");
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                Write($"console {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => Write("script error: " + error);
        page.RequestFailed += (_, request) => Write($"request failed: {request.Method} {request.Url} {request.Failure}");
        page.WebSocket += (_, socket) => socket.Close += (_, _) => Write("websocket closed " + socket.Url);
    }
}
