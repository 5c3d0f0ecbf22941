using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tessera.Core.Attack;
using Tessera.Core.Security;
using Tessera.Server.Knowledge;
using Tessera.Server.Security;

namespace Tessera.Server.Api.Attack;

/// <summary>Read-only ATT&amp;CK knowledge base: loaded collections, techniques, search, matrix and version diff.</summary>
public static class AttackEndpoints
{
    public static RouteGroupBuilder MapAttackEndpoints(this IEndpointRouteBuilder app)
    {
        var attack = app.MapGroup("/api/v1/attack").WithTags("ATT&CK").Require(Permission.Read);
        attack.MapGet("/collections", (KnowledgeBaseHost kb) => TypedResults.Ok(kb.Collections.Select(CollectionView.Of).ToList())).WithSummary("List loaded ATT&CK collections");
        attack.MapGet("/techniques/{id}", GetTechnique).WithSummary("Get a technique");
        attack.MapGet("/search", Search).WithSummary("Search techniques by ID, name or text");
        attack.MapGet("/matrix", GetMatrix).WithSummary("A collection's matrix: tactics and their techniques");
        attack.MapGet("/diff", Diff).WithSummary("What changed between two ATT&CK releases");
        return attack;
    }

    public sealed record CollectionView(string Key, string Name, string Domain, string Version, string StixVersion, int Techniques, int Subtechniques, int Groups)
    {
        public static CollectionView Of(AttackCollection c) => new(c.Info.Key, c.Info.Name, c.Info.Domain.ToStixName(), c.Info.Version, c.Info.StixVersion,
            c.Techniques.Count(t => t.IsActive && !t.IsSubtechnique), c.Techniques.Count(t => t.IsActive && t.IsSubtechnique), c.Groups.Count(g => g.IsActive));
    }

    public sealed record TacticView(string Id, string ShortName, string Name);

    public sealed record TechniqueSummary(string Id, string Name, bool IsSubtechnique, IReadOnlyList<string> Tactics);

    public sealed record UserView(string Id, string Name, string Kind, string Description);

    public sealed record TechniqueView(
        string Id, string Name, string Collection, string Status, string? ReplacedBy, string Description, string? Url,
        IReadOnlyList<TacticView> Tactics, IReadOnlyList<string> Platforms, string? Parent, IReadOnlyList<TechniqueSummary> Subtechniques,
        IReadOnlyList<UserView> Procedures, IReadOnlyList<TechniqueSummary> Mitigations, IReadOnlyList<string> DetectionStrategies,
        IReadOnlyList<string> DataComponents);

    private static Results<Ok<TechniqueView>, ProblemHttpResult> GetTechnique(string id, string? collection, KnowledgeBaseHost kb)
    {
        if (Resolve(kb, collection) is not { } c)
        {
            return Problems.NotFound($"ATT&CK collection '{collection}' is not loaded.");
        }

        var lookup = c.LookupTechnique(id);
        if (lookup.Technique is not { } t)
        {
            return lookup.Status == TechniqueStatus.InvalidId
                ? Problems.BadRequest($"'{id}' is not an ATT&CK technique ID (expected T1234 or T1234.567).")
                : Problems.NotFound($"{id} is not in {c.Info.Key}.");
        }

        var detection = c.Detection(t);
        return TypedResults.Ok(new TechniqueView(
            t.AttackId, t.Name, c.Info.Key, lookup.Status.ToString(), lookup.Replacement?.AttackId, AttackText.Plain(t.Description), t.Url,
            t.Tactics.Select(s => c.FindTactic(s)).OfType<Tactic>().Select(x => new TacticView(x.AttackId, x.ShortName, x.Name)).ToList(),
            t.Platforms, c.ParentOf(t)?.AttackId, c.Subtechniques(t).Select(Summary).ToList(),
            c.ProcedureExamples(t).Select(p => new UserView(p.User.AttackId, p.User.Name, p.User.GetType().Name, AttackText.Plain(p.Description))).ToList(),
            c.Mitigations(t).Select(m => new TechniqueSummary(m.Mitigation.AttackId, m.Mitigation.Name, false, [])).ToList(),
            detection.Strategies.Select(s => $"{s.Strategy.AttackId} {s.Strategy.Name}").ToList(),
            detection.AllComponents.Select(d => d.Name).Distinct().ToList()));
    }

    private static Results<Ok<List<TechniqueSummary>>, ProblemHttpResult> Search(string? q, string? collection, int? limit, KnowledgeBaseHost kb)
    {
        if (string.IsNullOrWhiteSpace(q) || q.Length > 200)
        {
            return Problems.BadRequest("q must be 1 to 200 characters.");
        }

        if (limit is < 1 or > 100)
        {
            return Problems.BadRequest("limit must be 1..100.");
        }

        return Resolve(kb, collection) is { } c
            ? TypedResults.Ok(c.SearchTechniques(q, limit ?? 10).Select(h => h.Object).OfType<Technique>().Select(Summary).ToList())
            : Problems.NotFound($"ATT&CK collection '{collection}' is not loaded.");
    }

    public sealed record MatrixColumnView(TacticView Tactic, IReadOnlyList<MatrixCellView> Techniques);

    public sealed record MatrixCellView(string Id, string Name, IReadOnlyList<TechniqueSummary> Subtechniques);

    private static Results<Ok<List<MatrixColumnView>>, ProblemHttpResult> GetMatrix(string? collection, KnowledgeBaseHost kb)
    {
        if (Resolve(kb, collection)?.Matrix() is not { } layout)
        {
            return Problems.NotFound($"ATT&CK collection '{collection}' is not loaded or has no matrix.");
        }

        return TypedResults.Ok(layout.Columns.Select(col => new MatrixColumnView(
            new TacticView(col.Tactic.AttackId, col.Tactic.ShortName, col.Tactic.Name),
            col.Techniques.Select(cell => new MatrixCellView(cell.Technique.AttackId, cell.Technique.Name, cell.Subtechniques.Select(Summary).ToList())).ToList())).ToList());
    }

    public sealed record TechniqueDiffView(string Id, string Changes, string? OldName, string? NewName, string? ReplacedBy,
        IReadOnlyList<string> RevocationPath, IReadOnlyList<string> AddedTactics, IReadOnlyList<string> RemovedTactics, IReadOnlyList<string> NewSubtechniques)
    {
        public static TechniqueDiffView Of(TechniqueDiff d) => new(d.Id, d.Changes.ToString(), d.OldName, d.NewName, d.Replacement?.AttackId,
            d.RevocationPath, d.AddedTactics, d.RemovedTactics, d.NewSubtechniques);
    }

    private static Results<Ok<List<TechniqueDiffView>>, ProblemHttpResult> Diff(string from, string to, string[]? technique, KnowledgeBaseHost kb)
    {
        var a = Resolve(kb, from);
        var b = Resolve(kb, to);
        if (a is null || b is null)
        {
            return Problems.NotFound($"Collections '{from}' and '{to}' must both be loaded (keys like enterprise-attack@17.1).");
        }

        if (a.Info.Domain != b.Info.Domain)
        {
            return Problems.BadRequest($"{a.Info.Key} and {b.Info.Key} are releases of different domains; a diff compares two releases of one domain.");
        }

        var ids = technique is { Length: > 0 } ? technique : a.Techniques.Where(t => t.IsActive).Select(t => t.AttackId).ToArray();
        return TypedResults.Ok(AttackVersionDiff.CompareTechniques(ids, a, b)
            .Where(d => technique is { Length: > 0 } || !d.IsUnchanged).Select(TechniqueDiffView.Of).ToList());
    }

    private static TechniqueSummary Summary(Technique t) => new(t.AttackId, t.Name, t.IsSubtechnique, t.Tactics);

    private static AttackCollection? Resolve(KnowledgeBaseHost kb, string? key) =>
        key is null ? kb.Latest(AttackDomain.Enterprise) : kb.Find(key);
}
