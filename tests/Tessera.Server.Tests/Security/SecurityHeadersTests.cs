using System.Net;
using Microsoft.Playwright;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Security;

/// <summary>
/// Every response says how a browser must treat it: no sniffing, no framing, no referrer, and scripts only from Tessera.
/// Pages must still work under the policy; <c>PageProbeBrowserTests</c> counts any policy violation a page logs.
/// </summary>
public sealed class SecurityHeadersTests(TesseraServerFixture server, BrowserFixture browser)
    : IClassFixture<TesseraServerFixture>, IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("account/login", HttpStatusCode.OK)]
    [InlineData("api/v1/attack/techniques/T1059", HttpStatusCode.Unauthorized)]
    [InlineData("api/v1/no-such-endpoint", HttpStatusCode.NotFound)]
    [InlineData("_content/Tessera.Server/tessera.css", HttpStatusCode.OK)]
    public async Task Responses_CarryTheBrowserSecurityHeaders(string path, HttpStatusCode expected)
    {
        using var client = server.Anonymous();
        using var response = await client.GetAsync(path, Ct);

        Assert.Equal(expected, response.StatusCode);
        AssertHeader(response, "X-Content-Type-Options", "nosniff");
        AssertHeader(response, "X-Frame-Options", "DENY");
        AssertHeader(response, "Referrer-Policy", "no-referrer");
        var policy = Header(response, "Content-Security-Policy");
        Assert.Contains("script-src 'self';", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("object-src 'none'", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
    }

    [Fact]
    public async Task ApiReference_AllowsItsInlineStartScriptButNothingFromElsewhere()
    {
        using var client = server.Anonymous();
        using var response = await client.GetAsync("scalar/", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = Header(response, "Content-Security-Policy");
        Assert.Contains("script-src 'self' 'unsafe-inline';", policy);
        Assert.Contains("default-src 'self';", policy);
        Assert.DoesNotContain("http", policy);
    }

    [Fact]
    public async Task ApiReference_RendersUnderItsPolicy()
    {
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                violations.Add(message.Text);
            }
        };

        await page.GotoAsync("scalar/");

        // The reference reads the OpenAPI document and shows its title and operations: its scripts ran.
        await Assertions.Expect(page.GetByText("Tessera API").First).ToBeVisibleAsync();
        // Nothing refused: not its scripts, and not its default web fonts from another site (turned off).
        Assert.Empty(violations);
        await context.CloseAsync();
    }

    [Fact]
    public async Task SignedInPage_RefusesAnInjectedInlineScript()
    {
        var page = await UiSession.SignInAsync(browser.Browser, server.BaseAddress, "admin", TesseraServerFixture.AdminPassword, "about");
        await UiSession.WaitForInteractiveAsync(page);
        var violation = page.WaitForConsoleMessageAsync(new() { Predicate = m => m.Text.Contains("Content Security Policy", StringComparison.Ordinal) });

        // What a markup injection would amount to if text ever reached the page as HTML: the browser must not run it.
        var ran = await page.EvaluateAsync<bool>(
            """
            () => {
                const s = document.createElement('script');
                s.textContent = 'window.__tesseraProbe = true';
                document.body.appendChild(s);
                return window.__tesseraProbe === true;
            }
            """);

        Assert.False(ran);
        await page.Locator("[data-testid=current-user]").WaitForAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.querySelector('script[src*=\"blazor.web.js\"]') !== null"));
        Assert.Contains("script-src", (await violation).Text);
        await page.Context.CloseAsync();
    }

    private static void AssertHeader(HttpResponseMessage response, string name, string expected) =>
        Assert.Equal(expected, Header(response, name));

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{name} missing from {response.RequestMessage?.RequestUri}");
}
