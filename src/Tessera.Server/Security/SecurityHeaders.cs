using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Tessera.Server.Security;

/// <summary>
/// Headers every response carries, so a browser never second-guesses what Tessera sends. Tessera renders untrusted text
/// (alert titles, rule names, incident notes) as text only; these are the second line: no content sniffing (an uploaded
/// or echoed body is never run as script or markup), no framing by another site (clickjacking), no referrer leaving the
/// instance (incident and alert addresses name what is being investigated), and a content security policy that allows
/// scripts only from Tessera itself. Styles may be inline because Blazor's reconnect dialog and two bar widths use them;
/// no untrusted text is ever written into a style. The API reference page (<c>/scalar</c>) is a third-party page that
/// starts itself with an inline module script, so it alone gets inline scripts, and still nothing from elsewhere.
/// </summary>
public static class SecurityHeaders
{
    internal const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    internal const string ApiReferencePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        // Set when the response starts, so an error page written by the exception handler (which clears headers)
        // carries them too.
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var context = (HttpContext)state;
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/scalar", StringComparison.OrdinalIgnoreCase)
                    ? ApiReferencePolicy
                    : PagePolicy;
                return Task.CompletedTask;
            }, context);
            return next(context);
        });
        return app;
    }
}
