using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tessera.Core.Attack;
using Tessera.Core.Security;
using Tessera.Core.Stix;
using Tessera.Server.Knowledge;
using Tessera.Server.Security;

namespace Tessera.Server.Api.Sources;

/// <summary>
/// <c>POST /api/v1/sources/index</c>: an admin lists a collection index (path or URL on the server's side) or loads the
/// releases it names into this server's collections (audited). Loaded releases are remembered and loaded again at every
/// start (<c>GET</c> lists them, <c>DELETE</c> forgets one). Loaded collections still need activating to be picked.
/// </summary>
public static class SourceIndexEndpoints
{
    public static IEndpointRouteBuilder MapSourceIndexEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/sources").WithTags("Sources");
        group.MapPost("/index", ImportAsync).WithSummary("Import an ATT&CK collection index (remembered releases)").Require(Permission.ManageAttackSources);
        group.MapGet("/index", ListRememberedAsync).WithSummary("List the remembered collection indexes").Require(Permission.ManageAttackSources);
        group.MapDelete("/index", ForgetAsync).WithSummary("Forget a remembered collection index").Require(Permission.ManageAttackSources);
        return app;
    }

    /// <summary>No <see cref="Versions"/>: list only. <see cref="Domain"/> narrows both.</summary>
    public sealed record IndexRequest(string Index, string? Domain = null, IReadOnlyList<string>? Versions = null);

    public sealed record IndexedVersionView(string Version, string Url, DateTimeOffset? Modified);

    public sealed record IndexedCollectionView(string Name, string? Domain, IReadOnlyList<IndexedVersionView> Versions);

    public sealed record LoadedBundleView(string Source, string? Key, IReadOnlyList<string> Errors)
    {
        /// <summary>A bundle as the response and the audit record show it (at most ten errors).</summary>
        public static LoadedBundleView Of(StixLoadResult bundle) =>
            new(bundle.Report.Source, bundle.Collection?.Info.Key, bundle.Errors.Take(10).Select(e => e.ToString()).ToList());
    }

    public sealed record IndexView(IReadOnlyList<IndexedCollectionView> Collections, IReadOnlyList<LoadedBundleView> Loaded);

    private static async Task<Results<Ok<IndexView>, ProblemHttpResult>> ImportAsync(
        IndexRequest request, KnowledgeBaseHost knowledge, IndexImportMemory memory, AuditWriter audit, HttpContext ctx, CancellationToken ct)
    {
        if (Attack.DomainParameter.Parse(request.Domain, out var domain) is { } invalid)
        {
            return invalid;
        }

        if (string.IsNullOrWhiteSpace(request.Index))
        {
            return Problems.BadRequest("'index' names a collection-index.json path or http(s) URL.");
        }

        var result = await memory.ImportAsync(knowledge, request.Index, domain, request.Versions ?? [], ctx.User.Identity?.Name ?? "?", ct);
        if (result.Index.Index is not { } index)
        {
            return Problems.Status(StatusCodes.Status422UnprocessableEntity, "Unreadable index", string.Join(" ", result.Index.Errors.Select(e => e.ToString())));
        }

        if (result.Errors.Count > 0)
        {
            return Problems.NotFound(string.Join(" ", result.Errors));
        }

        var loaded = result.Loaded.Select(LoadedBundleView.Of).ToList();
        if (result.Loaded.Count > 0 && result.Loaded.All(b => !b.Succeeded))
        {
            // Nothing loaded (an unreadable bundle, or one holding another release than the index lists): an error, as the CLI's exit 1.
            return Problems.Status(StatusCodes.Status422UnprocessableEntity, "Nothing loaded", string.Join(" ", result.AllErrors()),
                new Dictionary<string, object?> { ["loaded"] = loaded });
        }

        if (result.Loaded.Any(b => b.Succeeded))
        {
            await audit.WriteAsync(ctx.User, "source.import-index", "source", request.Index, null, loaded, ct);
        }

        var collections = index.Collections.Where(c => domain is null || c.Domain == domain)
            .Select(c => new IndexedCollectionView(c.Name, c.Domain?.ToStixName(), c.Versions.Select(v => new IndexedVersionView(v.Version, v.Url.ToString(), v.Modified)).ToList()))
            .ToList();
        return TypedResults.Ok(new IndexView(collections, loaded));
    }

    private static async Task<Ok<IReadOnlyList<RememberedRelease>>> ListRememberedAsync(IndexImportMemory memory, CancellationToken ct) =>
        TypedResults.Ok(await memory.ListAsync(ct));

    /// <summary>Forgets a remembered release: it is not loaded at the next start (it stays loaded until then).</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> ForgetAsync(
        string index, string version, IndexImportMemory memory, AuditWriter audit, HttpContext ctx, CancellationToken ct, string? domain = null)
    {
        if (Attack.DomainParameter.Parse(domain, out var parsed) is { } invalid)
        {
            return invalid;
        }

        if (await memory.ForgetAsync(index, parsed, version, ct) is not { } forgotten)
        {
            return Problems.NotFound($"No remembered release {version} of '{index}'{(parsed is null ? "" : " for " + parsed.Value.ToStixName())}.");
        }

        await audit.WriteAsync(ctx.User, "source.forget-index", "source", index, forgotten, null, ct);
        return TypedResults.NoContent();
    }
}
