using System.Net;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Pages;

/// <summary>
/// Pages read numbers from their query string: a value that is not a number must render the page (a notice or the
/// default), never an unhandled 500 from parameter binding. Server-rendered HTML over a signed-in cookie, no browser needed.
/// </summary>
public sealed partial class PageQueryBindingTests(TesseraServerFixture server) : IClassFixture<TesseraServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<HttpClient> SignedInAsync() => server.SignedInClientAsync();

    private async Task<(HttpClient Client, HttpResponseMessage Login)> SignInAsync(string returnUrl)
    {
        var (session, login) = await CookieSession.TrySignInAsync(server.BaseAddress, "admin", TesseraServerFixture.AdminPassword, returnUrl);
        return (session.Client, login);
    }

    // "/\t/evil.com" passed our own check and then LocalRedirect refused it: a 500 after the cookie and audit entry.
    [Theory]
    [InlineData("/\t/evil.com", "/")]
    [InlineData("/\u0001evil.com", "/")]
    [InlineData("//evil.com", "/")]
    [InlineData("/\\evil.com", "/")]
    [InlineData("https://evil.com/", "/")]
    [InlineData("/rules?owner=linux-team", "/rules?owner=linux-team")]
    public async Task SignIn_ReturnUrl_RedirectsOnlyToALocalPath(string returnUrl, string expected)
    {
        var (client, login) = await SignInAsync(returnUrl);
        using (client)
        {
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
            Assert.Equal(expected, login.Headers.Location?.OriginalString);
        }
    }

    [Theory]
    [InlineData("alerts?alert=abc", "Alert #abc does not exist")]
    [InlineData("alerts?alert=1.5", "Alert #1.5 does not exist")]
    [InlineData("rules?notTestedDays=abc", "Detection rules")]
    public async Task SignedInPage_QueryNumberThatIsNotANumber_RendersThePage(string path, string expected)
    {
        using var client = await SignedInAsync();

        var response = await client.GetAsync(path, Ct);

        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {html[..Math.Min(html.Length, 400)]}");
        Assert.Contains(expected, WebUtility.HtmlDecode(html));
    }

    [Fact]
    public async Task LoginPage_FailedFlagThatIsNotANumber_RendersTheForm()
    {
        using var client = server.Anonymous();

        var response = await client.GetAsync("account/login?failed=abc", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("__RequestVerificationToken", await response.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>Every routable page without route parameters, with each query parameter it reads set to values no page expects.</summary>
    public static TheoryData<string> PagesWithQueryParameters()
    {
        var data = new TheoryData<string>();
        foreach (var page in typeof(Tessera.Server.Hosting.ApiJson).Assembly.GetTypes())
        {
            var routes = page.GetCustomAttributes(typeof(Microsoft.AspNetCore.Components.RouteAttribute), false)
                .Cast<Microsoft.AspNetCore.Components.RouteAttribute>().Select(r => r.Template).Where(t => !t.Contains('{', StringComparison.Ordinal));
            var names = page.GetProperties(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)
                .Select(p => (Property: p, Query: p.GetCustomAttributes(typeof(Microsoft.AspNetCore.Components.SupplyParameterFromQueryAttribute), false)
                    .Cast<Microsoft.AspNetCore.Components.SupplyParameterFromQueryAttribute>().FirstOrDefault()))
                .Where(p => p.Query is not null).Select(p => p.Query!.Name ?? p.Property.Name).ToList();
            foreach (var route in routes.Where(_ => names.Count > 0))
            {
                foreach (var value in new[] { "abc", "-1", "99999999999999999999", "%3Cscript%3E", "" })
                {
                    data.Add(route.TrimStart('/') + "?" + string.Join("&", names.Select(n => $"{n}={value}")));
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PagesWithQueryParameters))]
    public async Task EveryPage_OddQueryValues_NeverA500(string path)
    {
        using var client = await SignedInAsync();

        var response = await client.GetAsync(path, Ct);

        Assert.True((int)response.StatusCode < 500, $"{path}: {response.StatusCode}");
    }
}
