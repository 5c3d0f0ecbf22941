using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tessera.Core.Security;

namespace Tessera.Server.Security;

/// <summary>
/// Authenticates machine clients by API key, sent as <c>Authorization: Bearer tsk_…</c> or <c>X-Api-Key: tsk_…</c>.
/// Keys are stored hashed; <see cref="ApiKeyService"/> verifies them in constant time.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyService apiKeys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>
    /// The key a request carries, or null when it carries none. An empty <c>X-Api-Key</c> or <c>Bearer</c> value counts as
    /// none, so a client (or proxy) that always sends the header does not turn a browser's cookie sign-in into a 401.
    /// </summary>
    public static string? ReadToken(Microsoft.AspNetCore.Http.HttpRequest request)
    {
        if (request.Headers.TryGetValue("X-Api-Key", out var header) && header.Count > 0 && !string.IsNullOrWhiteSpace(header[0]))
        {
            return header[0]!.Trim();
        }

        var authorization = request.Headers.Authorization.ToString();
        var bearer = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
        return string.IsNullOrEmpty(bearer) ? null : bearer;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = ReadToken(Request);
        if (string.IsNullOrEmpty(token))
        {
            return AuthenticateResult.NoResult();
        }

        var key = await apiKeys.AuthenticateAsync(token, Context.RequestAborted);
        return key is null
            ? AuthenticateResult.Fail("The API key is unknown, malformed or revoked.")
            : AuthenticateResult.Success(new AuthenticationTicket(TesseraClaims.For(key, SchemeName), SchemeName));
    }
}
