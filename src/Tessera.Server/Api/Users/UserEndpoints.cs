using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tessera.Core.Audit;
using Tessera.Core.Security;
using Tessera.Core.Storage;
using Tessera.Server.Security;

namespace Tessera.Server.Api.Users;

/// <summary>
/// User administration (<c>/api/v1/users</c>, ManageUsers) and a signed-in user's own password
/// (<c>/api/v1/me/password</c>); every write goes through <see cref="UserWrites"/>, so it is audited without password material.
/// </summary>
public static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/v1/users").WithTags("Users").Require(Permission.ManageUsers);
        users.MapGet("/", ListAsync).WithSummary("List users");
        users.MapPost("/", CreateAsync).WithSummary("Create a user");
        users.MapGet("/{id:guid}", GetAsync).WithSummary("Get a user (with the version a change sends back)");
        users.MapPatch("/{id:guid}", UpdateAsync).WithSummary("Change a user's role, disabled flag or display name");
        users.MapPost("/{id:guid}/password", ResetPasswordAsync).WithSummary("Set a user's password (admin reset; the user's sign-ins end)");

        app.MapPost("/api/v1/me/password", ChangeOwnPasswordAsync).WithTags("Account").Require(Permission.Read)
            .WithSummary("Change your own password (signed-in users; API keys have no password)");
        return app;
    }

    /// <summary>A new user; <c>role</c> is required (a missing one used to make a Viewer silently).</summary>
    public sealed record CreateUserRequest(string UserName, string Password, Role? Role, string? DisplayName = null);

    /// <summary>Omitted fields stay as they are; an empty <c>displayName</c> clears it. <c>version</c> is the one you read (required).</summary>
    public sealed record UpdateUserRequest(long? Version, Role? Role = null, bool? Disabled = null, string? DisplayName = null);

    public sealed record ResetPasswordRequest(string? Password);

    public sealed record ChangeOwnPasswordRequest(string? CurrentPassword, string? NewPassword);

    private static async Task<Ok<List<UserView>>> ListAsync(IUserStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.ListAsync(ct)).Select(UserView.Of).ToList());

    private static async Task<Results<Ok<UserView>, ProblemHttpResult>> GetAsync(Guid id, IUserStore store, CancellationToken ct) =>
        await store.FindByIdAsync(id, ct) is { } user ? TypedResults.Ok(UserView.Of(user)) : Problems.NotFound($"No user {id}.");

    private static async Task<Results<Created<UserView>, ProblemHttpResult>> CreateAsync(
        CreateUserRequest request, UserWrites writes, HttpContext ctx, CancellationToken ct)
    {
        var result = await writes.CreateAsync(ctx.User,
            new NewUser { UserName = request.UserName, Password = request.Password, Role = request.Role, DisplayName = request.DisplayName }, ct);
        if (!result.IsSaved)
        {
            return Problems.From(result);
        }

        var view = UserView.Of(result.Value!);
        return TypedResults.Created($"/api/v1/users/{view.Id}", view);
    }

    private static async Task<Results<Ok<UserView>, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateUserRequest request, UserWrites writes, HttpContext ctx, CancellationToken ct)
    {
        if (request.Version is not { } version)
        {
            return Problems.VersionRequired();
        }

        var change = await writes.UpdateAsync(ctx.User, id,
            new UserEdit { Role = request.Role, Disabled = request.Disabled, DisplayName = request.DisplayName }, version, ct);
        return change.IsSaved ? TypedResults.Ok(UserView.Of(change.After!)) : UserWrites.Problem(change);
    }

    private static async Task<Results<Ok<UserView>, ProblemHttpResult>> ResetPasswordAsync(
        Guid id, ResetPasswordRequest request, UserWrites writes, HttpContext ctx, CancellationToken ct)
    {
        var change = await writes.ResetPasswordAsync(ctx.User, id, request.Password, ct);
        if (!change.IsSaved)
        {
            return UserWrites.Problem(change);
        }

        // An admin who resets their own password from the browser stays signed in, as after changing it.
        if (IsSignedInUser(ctx, id))
        {
            await ReissueCookieAsync(ctx, change.After!);
        }

        return TypedResults.Ok(UserView.Of(change.After!));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ChangeOwnPasswordAsync(
        ChangeOwnPasswordRequest request, UserWrites writes, HttpContext ctx, CancellationToken ct)
    {
        if (ctx.User.Actor().Kind == AuditActorKind.ApiKey)
        {
            return Problems.BadRequest("API keys have no password: sign in as a user to change yours, or revoke and create a key to replace one.");
        }

        var change = await writes.ChangeOwnPasswordAsync(ctx.User, request.CurrentPassword, request.NewPassword, ct);
        if (!change.IsSaved)
        {
            return UserWrites.Problem(change);
        }

        await ReissueCookieAsync(ctx, change.After!);
        return TypedResults.NoContent();
    }

    private static bool IsSignedInUser(HttpContext ctx, Guid id) =>
        ctx.User.Actor() is { Kind: AuditActorKind.User } actor && actor.Id == id.ToString();

    /// <summary>
    /// A cookie carries the password stamp it was issued with; after the user's own change it would be refused on the
    /// next request, so the user gets a fresh one (their other sessions end, as they should after a password change).
    /// </summary>
    public static Task ReissueCookieAsync(HttpContext ctx, User user) =>
        ctx.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, TesseraClaims.For(user, CookieAuthenticationDefaults.AuthenticationScheme));
}
