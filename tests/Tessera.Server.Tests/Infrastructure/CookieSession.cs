using System.Net;
using System.Text.RegularExpressions;

namespace Tessera.Server.Tests.Infrastructure;

/// <summary>
/// A browser without a browser: a cookie jar and an HTTP client that signs in through the sign-in form (antiforgery
/// token and all) and follows no redirects, so a test sees each answer as the server gave it.
/// </summary>
public sealed partial class CookieSession : IDisposable
{
    public const string AuthCookie = "tessera.auth";

    private readonly Uri _baseAddress;

    private CookieSession(Uri baseAddress)
    {
        _baseAddress = baseAddress;
        Client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
    }

    public CookieContainer Cookies { get; } = new();

    public HttpClient Client { get; }

    /// <summary>The sign-in cookie's current value, or null when there is none.</summary>
    public string? AuthCookieValue => Cookies.GetCookies(_baseAddress)[AuthCookie]?.Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"|name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Posts the sign-in form; the answer is the redirect (signed in, or back to the form with failed=1).</summary>
    public static async Task<(CookieSession Session, HttpResponseMessage Login)> TrySignInAsync(Uri baseAddress, string userName, string password, string returnUrl = "/")
    {
        var session = new CookieSession(baseAddress);
        var login = await session.PostFormAsync("account/login", "account/login",
            new() { ["userName"] = userName, ["password"] = password, ["returnUrl"] = returnUrl });
        return (session, login);
    }

    /// <summary>Signs in, failing the test when the server does not.</summary>
    public static async Task<CookieSession> SignInAsync(Uri baseAddress, string userName, string password)
    {
        var (session, login) = await TrySignInAsync(baseAddress, userName, password);
        Assert.True(login.StatusCode == HttpStatusCode.Redirect && session.AuthCookieValue is not null,
            $"{userName} did not sign in: {login.StatusCode} to {login.Headers.Location}");
        return session;
    }

    /// <summary>Reads the antiforgery token from the page at <paramref name="formPage"/> and posts <paramref name="fields"/> with it to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string action, Dictionary<string, string> fields)
    {
        var form = await Client.GetStringAsync(formPage, Ct);
        var match = AntiforgeryField().Match(form);
        Assert.True(match.Success, $"{formPage} has no antiforgery token");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value);
        return await Client.PostAsync(action, new FormUrlEncodedContent(fields), Ct);
    }

    public void Dispose() => Client.Dispose();
}
