using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Authorization;
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
                o.Events.OnValidatePrincipal = ValidateAsync;
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
        services.AddSingleton<SignedInUsers>();
        services.AddSingleton<SignInThrottle>();
        // Blazor circuits check their user again every minute (the framework's default keeps the first principal).
        services.AddScoped<AuthenticationStateProvider, CircuitUserRevalidation>();
        // Before any event of an open page: a user changed since the page opened gets the page loaded again.
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, CircuitUserCheck>();
        services.AddCascadingAuthenticationState();
        return services;
    }

    /// <summary>
    /// Every request with a sign-in cookie: the user must still exist, be enabled and have the password the cookie was
    /// issued for (else the cookie is refused and deleted: 401 on the API, the sign-in form on pages); the role and name
    /// the request carries are the stored ones, and a cookie that says otherwise is renewed with them.
    /// </summary>
    private static async Task ValidateAsync(CookieValidatePrincipalContext ctx)
    {
        var users = ctx.HttpContext.RequestServices.GetRequiredService<SignedInUsers>();
        if (ctx.Principal is not { } principal || await users.FindValidAsync(principal, ctx.HttpContext.RequestAborted) is not { } user)
        {
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        if (!principal.Matches(user))
        {
            ctx.ReplacePrincipal(TesseraClaims.For(user, ctx.Scheme.Name));
            ctx.ShouldRenew = true;
        }
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
