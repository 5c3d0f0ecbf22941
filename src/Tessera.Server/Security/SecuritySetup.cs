using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Security;

namespace Tessera.Server.Security;

/// <summary>
/// Authentication (browser cookie or API key, chosen per request) and one authorization policy per
/// <see cref="Permission"/>, named <c>perm:Name</c>; endpoints and pages require the policy of what they do.
/// </summary>
public static class SecuritySetup
{
    public const string Scheme = "Tessera";

    public static string Policy(Permission permission) => PolicyPrefix + permission;

    /// <summary>Prefix of every permission policy name (<c>perm:ChangeAlerts</c>).</summary>
    public const string PolicyPrefix = "perm:";

    public static IServiceCollection AddTesseraSecurity(this IServiceCollection services)
    {
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Cookie or API key", o =>
                o.ForwardDefaultSelector = ctx => ApiKeyAuthenticationHandler.ReadToken(ctx.Request) is null
                    ? CookieAuthenticationDefaults.AuthenticationScheme
                    : ApiKeyAuthenticationHandler.SchemeName)
            .AddCookie(o =>
            {
                o.LoginPath = "/account/login";
                o.AccessDeniedPath = "/account/denied";
                o.Cookie.Name = "tessera.auth";
                o.Cookie.HttpOnly = true;
                // Strict: the cookie never rides on cross-site requests, which closes CSRF on the JSON API.
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                // The API answers 401/403 problems; only pages redirect to the sign-in form.
                o.Events.OnRedirectToLogin = ctx => Deny(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => Deny(ctx, StatusCodes.Status403Forbidden);
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);

        services.AddAuthorization(o =>
        {
            foreach (var permission in Enum.GetValues<Permission>())
            {
                o.AddPolicy(Policy(permission), p => p.RequireAuthenticatedUser().RequireAssertion(c => c.User.Has(permission)));
            }

            o.FallbackPolicy = null;
        });
        services.AddCascadingAuthenticationState();
        return services;
    }

    private static Task Deny(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>Requires the policy of <paramref name="permission"/> on an endpoint or group.</summary>
    public static TBuilder Require<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization(Policy(permission));
}
