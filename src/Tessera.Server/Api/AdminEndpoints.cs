using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tessera.Core.Audit;
using Tessera.Core.Security;
using Tessera.Core.Storage;
using Tessera.Server.Security;

namespace Tessera.Server.Api;

/// <summary>API keys and the audit log: admin-only writes, each one audited. Users are in <c>Api/Users/</c>.</summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/v1/api-keys").WithTags("API keys").Require(Permission.ManageApiKeys);
        keys.MapGet("/", ListKeysAsync).WithSummary("List API keys");
        keys.MapPost("/", CreateKeyAsync).WithSummary("Create an API key (the token is shown once)");
        keys.MapDelete("/{keyId}", RevokeKeyAsync).WithSummary("Revoke an API key");

        app.MapGet("/api/v1/audit", QueryAuditAsync).WithSummary("Query the audit trail").WithTags("Audit").Require(Permission.ReadAudit);
        return app;
    }

    public sealed record ApiKeyView(string KeyId, string Name, Role Role, string? CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
    {
        public static ApiKeyView Of(ApiKey k) => new(k.KeyId, k.Name, k.Role, k.CreatedBy, k.CreatedAt, k.LastUsedAt, k.RevokedAt);
    }

    /// <summary>A new key; <c>role</c> is required (a missing one used to make a Viewer key silently).</summary>
    public sealed record CreateApiKeyRequest(string Name, Role? Role);

    /// <summary>The token is shown once, in this answer; only its hash is stored.</summary>
    public sealed record CreatedApiKeyView(ApiKeyView Key, string Token);

    private static async Task<Ok<List<ApiKeyView>>> ListKeysAsync(IApiKeyStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.ListAsync(ct)).Select(ApiKeyView.Of).ToList());

    private static async Task<Results<Created<CreatedApiKeyView>, ProblemHttpResult>> CreateKeyAsync(
        CreateApiKeyRequest request, ApiKeyService keys, AuditWriter audit, HttpContext ctx, CancellationToken ct)
    {
        var result = await keys.CreateAsync(request.Name, request.Role, ctx.User.Identity?.Name, ct);
        if (!result.IsSaved)
        {
            return Problems.From(result);
        }

        var view = ApiKeyView.Of(result.Value!.Key);
        await audit.WriteAsync(ctx.User, "apikey.create", "apikey", view.KeyId, null, view, ct);
        return TypedResults.Created($"/api/v1/api-keys/{view.KeyId}", new CreatedApiKeyView(view, result.Value.Token));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeKeyAsync(
        string keyId, ApiKeyService keys, IApiKeyStore store, AuditWriter audit, HttpContext ctx, CancellationToken ct)
    {
        var before = await store.FindAsync(keyId, ct);
        if (before is null || !await keys.RevokeAsync(keyId, ct))
        {
            return Problems.NotFound($"No active API key '{keyId}'.");
        }

        await audit.WriteAsync(ctx.User, "apikey.revoke", "apikey", keyId, ApiKeyView.Of(before), null, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<AuditPage>, ProblemHttpResult>> QueryAuditAsync(
        IAuditLog log, string? action, string? entityType, string? entityId, DateTimeOffset? from, DateTimeOffset? to,
        int? skip, int? take, HttpContext ctx, CancellationToken ct)
    {
        (to, var periodProblem) = QueryPeriod.Read(ctx.Request, from, to);
        if (periodProblem is not null)
        {
            return periodProblem;
        }

        if (take is < 1 or > AuditQuery.MaxTake || skip < 0)
        {
            return Problems.BadRequest($"take must be 1..{AuditQuery.MaxTake} and skip ≥ 0.");
        }

        if (AuditQuery.ActionProblem(action) is { } problem)
        {
            return Problems.BadRequest(problem);
        }

        return TypedResults.Ok(await log.QueryAsync(new AuditQuery
        {
            Action = action, EntityType = entityType, EntityId = entityId, From = from, To = to,
            Skip = skip ?? 0, Take = take ?? 50,
        }, ct));
    }
}
