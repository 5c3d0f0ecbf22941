using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Tessera.Core.Security;
using Tessera.Server.Security;

namespace Tessera.Server.Api;

/// <summary>Browser sign-in and sign-out (form posts with antiforgery tokens) and <c>GET /api/v1/me</c>.</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/login", LoginAsync).ExcludeFromDescription();
        app.MapPost("/account/logout", LogoutAsync).ExcludeFromDescription();
        app.MapPost("/account/password", ChangePasswordAsync).ExcludeFromDescription().RequireAuthorization();
        app.MapGet("/api/v1/me", (HttpContext ctx) => TypedResults.Ok(Me.Of(ctx.User))).WithSummary("Who the caller is and what their role may do")
            .WithTags("Account").Require(Permission.Read);
        return app;
    }

    /// <summary>
    /// The sign-in form. A refusal redirects back to it with one message whatever the reason, and is audited (actor
    /// <c>sign-in</c>, action <c>account.login.failed</c>, the user's id when the name exists). Failures are throttled
    /// (<see cref="SignInThrottle"/>): while a name or address is paused its password is not checked, the form says so,
    /// and only the failure that started the pause is audited, so a guessing run cannot flood the trail.
    /// </summary>
    private static async Task<IResult> LoginAsync(
        HttpContext ctx, [FromForm] string? userName, [FromForm] string? password, [FromForm] string? returnUrl,
        UserAccountService accounts, SignInThrottle throttle, AuditWriter audit, IAntiforgery antiforgery)
    {
        await antiforgery.ValidateRequestAsync(ctx);
        var name = userName ?? "";
        var client = ctx.Connection.RemoteIpAddress?.ToString();
        IResult BackToForm(string failure) =>
            Results.Redirect("/account/login?failed=" + failure + "&returnUrl=" + Uri.EscapeDataString(SafeReturn(returnUrl)));
        if (throttle.PausedUntil(name, client) is not null)
        {
            return BackToForm(LoginFailure.Paused);
        }

        var check = await accounts.CheckPasswordAsync(name, password ?? "", ctx.RequestAborted);
        if (check.User is not { } user)
        {
            var pause = throttle.RecordFailure(name, client);
            await audit.WriteAsync(SignInActor, "account.login.failed", "user", check.Known?.Id.ToString(), null,
                new { userName = Core.Text.Echo.Clip(name, 200), client, reason = check.Refusal, pausedUntil = pause }, ctx.RequestAborted);
            return BackToForm(pause is null ? LoginFailure.Refused : LoginFailure.Paused);
        }

        throttle.RecordSuccess(name);
        var principal = TesseraClaims.For(user, CookieAuthenticationDefaults.AuthenticationScheme);
        await ctx.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        await audit.WriteAsync(principal, "account.login", "user", user.Id.ToString(), null, null, ctx.RequestAborted);
        return Results.LocalRedirect(SafeReturn(returnUrl));
    }

    /// <summary>The audit actor of a refused sign-in: nobody is signed in, so the form itself.</summary>
    public static readonly Core.Audit.AuditActor SignInActor = Core.Audit.AuditActor.System("sign-in");

    /// <summary>The codes the sign-in form shows a message for (<c>failed=</c>).</summary>
    public static class LoginFailure
    {
        /// <summary>Unknown name, wrong password or disabled account: one message for all.</summary>
        public const string Refused = "1";

        /// <summary>Too many failures for the name or from the address; see <see cref="SignInThrottle"/>.</summary>
        public const string Paused = "paused";
    }

    /// <summary>
    /// The Sign out form. Without a valid antiforgery token (a cross-site post, or a page from before a key rotation) the
    /// user stays signed in and the answer is a 400 problem, as the sign-in and password forms give.
    /// </summary>
    private static async Task<IResult> LogoutAsync(HttpContext ctx, IAntiforgery antiforgery)
    {
        // The other forms bind [FromForm], so the framework checks their token and answers 400; this one binds nothing,
        // and ValidateRequestAsync's exception became a 500 logged as unhandled.
        if (!await antiforgery.IsRequestValidAsync(ctx))
        {
            return Problems.BadRequest("the sign-out form's antiforgery token is missing or invalid; nobody was signed out. Sign out from a page of this site.");
        }

        await ctx.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.LocalRedirect("/account/login");
    }

    /// <summary>
    /// The Change password form. Outcomes travel back as a code the page turns into its own message (never text from the
    /// address, which a crafted link could fill), and the user stays signed in with a cookie for the new password.
    /// </summary>
    private static async Task<IResult> ChangePasswordAsync(
        HttpContext ctx, [FromForm] string? currentPassword, [FromForm] string? newPassword, [FromForm] string? confirmPassword,
        Users.UserWrites writes, IAntiforgery antiforgery)
    {
        await antiforgery.ValidateRequestAsync(ctx);
        if (!string.Equals(newPassword, confirmPassword, StringComparison.Ordinal))
        {
            return Results.LocalRedirect("/account/password?error=" + PasswordOutcome.Mismatch);
        }

        var change = await writes.ChangeOwnPasswordAsync(ctx.User, currentPassword, newPassword, ctx.RequestAborted);
        if (!change.IsSaved)
        {
            return Results.LocalRedirect("/account/password?error=" + PasswordOutcome.Of(change));
        }

        await Users.UserEndpoints.ReissueCookieAsync(ctx, change.After!);
        return Results.LocalRedirect("/account/password?changed=1");
    }

    /// <summary>The codes <c>/account/password</c> shows a message for.</summary>
    public static class PasswordOutcome
    {
        public const string Mismatch = "mismatch";
        public const string WrongCurrent = "current";
        public const string MissingCurrent = "missing";
        /// <summary>Too short or long, or the same as the current one.</summary>
        public const string Weak = "weak";
        public const string Conflict = "conflict";
        /// <summary>Too many wrong current passwords: checks are paused (<see cref="SignInThrottle"/>).</summary>
        public const string Paused = "paused";
        public const string Failed = "failed";

        public static string Of(UserChange change) => change switch
        {
            { WrongCurrentPassword: true } => WrongCurrent,
            { IsPaused: true } => Paused,
            { Status: Core.Storage.SaveStatus.Invalid, Field: "currentPassword" } => MissingCurrent,
            { Status: Core.Storage.SaveStatus.Invalid, Field: "newPassword" } => Weak,
            { Status: Core.Storage.SaveStatus.Conflict } => Conflict,
            _ => Failed,
        };
    }

    // Only local paths: an open redirect after sign-in would hand a phishing page a trusted link. The check is the one
    // LocalRedirect itself applies, so a return URL it would refuse ("/\t/evil.com": a control character after the slash)
    // lands on the front page; before, it made the sign-in answer 500 after the cookie and audit entry were written.
    private static string SafeReturn(string? url) =>
        Microsoft.AspNetCore.Http.HttpResults.RedirectHttpResult.IsLocalUrl(url) ? url! : "/";

    public sealed record Me(string Name, string Role, string Kind, IReadOnlyList<string> Permissions)
    {
        public static Me Of(System.Security.Claims.ClaimsPrincipal user)
        {
            var role = user.Role() ?? Core.Security.Role.Viewer;
            return new Me(user.Identity?.Name ?? "", role.ToString(), user.Actor().Kind.ToString(),
                RolePermissions.Of(role).Select(p => p.ToString()).Order(StringComparer.Ordinal).ToList());
        }
    }
}
