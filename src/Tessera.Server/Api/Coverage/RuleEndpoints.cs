using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tessera.Core.Attack;
using Tessera.Core.Detection;
using Tessera.Core.Detection.Registry;
using Tessera.Core.Detection.Sigma;
using Tessera.Core.Security;
using Tessera.Server.Knowledge;
using Tessera.Server.Security;

namespace Tessera.Server.Api.Coverage;

/// <summary>The detection rule registry: filtered listing, detail with history, manual rules, local edits and Sigma import.</summary>
internal static class RuleEndpoints
{
    /// <summary>Files per Sigma upload; a SigmaHQ checkout (≈3,800 files) fits, bigger batches go through the CLI.</summary>
    private const int MaxUploadFiles = 10_000;

    public static void Map(IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup("/api/v1/rules").WithTags("Detection rules");
        rules.MapGet("/", ListAsync).WithSummary("List detection rules (filter by technique, status, owner)").Require(Permission.Read);
        rules.MapGet("/{id:guid}", GetAsync).WithSummary("Get a detection rule").Require(Permission.Read);
        rules.MapPost("/", CreateAsync).WithSummary("Register a detection rule").Require(Permission.ChangeRules);
        rules.MapPatch("/{id:guid}", EditAsync).WithSummary("Change a rule's status, owner, techniques or data sources").Require(Permission.ChangeRules);
        rules.MapPost("/import/sigma", ImportSigmaAsync).WithSummary("Import Sigma rules (all or nothing)").Require(Permission.ChangeRules);
    }

    private static async Task<Results<Ok<RulePageView>, ProblemHttpResult>> ListAsync(
        IRuleRegistry registry, KnowledgeBaseHost knowledge, TimeProvider time, CancellationToken ct,
        string? q = null, string? technique = null, string? tactic = null, string? owner = null, string? dataSource = null,
        ValidationStatus? validation = null, bool? enabled = null, DetectionRuleSource? source = null, int? notTestedDays = null,
        string? collection = null, int skip = 0, int take = 100)
    {
        var attack = CoverageAttack.Resolve(knowledge, collection);
        var errors = new Dictionary<string, string[]>();
        TechniqueId parsed = default;
        if (technique is not null && !TechniqueId.TryParse(technique, out parsed))
        {
            errors["technique"] = [$"'{technique}' is not a technique ID"];
        }

        if (take is < 1 or > RuleQuery.MaxTake || skip < 0 || notTestedDays < 0)
        {
            errors["take"] = [$"take must be 1..{RuleQuery.MaxTake}, skip and notTestedDays ≥ 0"];
        }

        // A misspelt tactic (or TA9999) answered an empty page, as if no rule covered it: refused naming the value and
        // the tactics of the release the filter reads, as the CLI's rules list --tactic is. IDs (TA0006) resolve to short names.
        if (TacticFilter.Check(tactic, TacticNames.Of(attack is null ? knowledge.Collections : [attack]), out var tacticName) is { } tacticErrors)
        {
            errors[TacticFilter.Field] = tacticErrors;
        }

        if (errors.Count > 0)
        {
            // The detail names each field and why, as the coverage endpoints' does ("tactic: 'x' is not a tactic of …"):
            // a client that shows only the detail still learns what to change.
            return Problems.Invalid(string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value[0]}")), errors);
        }

        // "Rules covering Credential Access": tagged with the tactic, or with a technique the loaded release puts in it.
        IReadOnlyList<TechniqueId>? techniques = technique is not null ? [parsed]
            : tacticName is not null && attack is not null ? attack.Techniques.Where(t => t.Tactics.Contains(tacticName, StringComparer.OrdinalIgnoreCase)).Select(t => t.Id).ToList()
            : null;
        var page = await registry.QueryAsync(new RuleQuery
        {
            Text = q, Techniques = techniques, Tactic = technique is null ? tacticName : null, Owner = owner, DataSource = dataSource,
            Validation = validation, Enabled = enabled, Source = source,
            NotTestedSince = notTestedDays is { } days ? time.GetUtcNow().AddDays(-days) : null, Skip = skip, Take = take,
        }, ct);
        return TypedResults.Ok(new RulePageView(page.Items.Select(r => RuleView.Of(r, attack)).ToList(), page.Total));
    }

    private static async Task<Results<Ok<RuleDetailView>, ProblemHttpResult>> GetAsync(
        Guid id, IRuleRegistry registry, KnowledgeBaseHost knowledge, CancellationToken ct, string? collection = null)
    {
        var rule = await registry.GetAsync(id, ct);
        if (rule is null)
        {
            return Problems.NotFound($"No rule {id}.");
        }

        var history = await registry.HistoryAsync(id, ct);
        return TypedResults.Ok(new RuleDetailView(RuleView.Of(rule, CoverageAttack.Resolve(knowledge, collection)), rule.Rule.QueryText, rule.Rule.DataRequirements, history));
    }

    private static async Task<Results<Created<RuleView>, ProblemHttpResult>> CreateAsync(
        ManualRuleInput request, CoverageWrites writes, KnowledgeBaseHost knowledge, HttpContext ctx, CancellationToken ct)
    {
        var saved = await writes.CreateRuleAsync(request, ctx.User, ct);
        if (!saved.Succeeded)
        {
            return saved.ToProblem();
        }

        var view = RuleView.Of(saved.Value!, CoverageAttack.Resolve(knowledge, null));
        return TypedResults.Created($"/api/v1/rules/{view.Id}", view);
    }

    private static async Task<Results<Ok<RuleView>, ProblemHttpResult>> EditAsync(
        Guid id, RuleEditRequest request, CoverageWrites writes, KnowledgeBaseHost knowledge, HttpContext ctx, CancellationToken ct)
    {
        if (request.Version is not { } version)
        {
            return Problems.VersionRequired();
        }

        // Both halves of the pair say opposite things: which one was meant is unknown, so neither is guessed. A blank
        // owner means no owner (it used to be stored as "").
        if (request.ClearOwner == true && !string.IsNullOrWhiteSpace(request.Owner))
        {
            return Problems.Invalid("Give owner or clearOwner, not both.", new Dictionary<string, string[]> { ["clearOwner"] = ["given with owner"] });
        }

        var clear = request.ClearOwner == true || request.Owner is { } blank && string.IsNullOrWhiteSpace(blank);
        var saved = await writes.EditRuleAsync(id, version,
            new RuleEdit { Owner = clear ? null : request.Owner, ClearOwner = clear, Enabled = request.Enabled }, ctx.User, ct);
        return saved.Succeeded ? TypedResults.Ok(RuleView.Of(saved.Value!, CoverageAttack.Resolve(knowledge, null))) : saved.ToProblem();
    }

    private static async Task<Results<Ok<ImportResultView>, ProblemHttpResult>> ImportSigmaAsync(
        SigmaImportRequest request, CoverageWrites writes, HttpContext ctx, CancellationToken ct)
    {
        if (request.Files is not { Count: > 0 } || request.Files.Count > MaxUploadFiles)
        {
            return Problems.BadRequest($"files must hold 1..{MaxUploadFiles:N0} Sigma files ({{path, content}}).");
        }

        // Names are one line of text (a NUL was a 500 on PostgreSQL); a file's content is the Sigma reader's to judge.
        var errors = new Dictionary<string, string[]>();
        if (Core.Text.PlainText.OneLineProblem("owner", request.Owner) is { } ownerProblem)
        {
            errors["owner"] = [ownerProblem];
        }

        for (var i = 0; i < request.Files.Count; i++)
        {
            if (Core.Text.PlainText.OneLineProblem($"files[{i}].path", request.Files[i].Path) is { } pathProblem)
            {
                errors[$"files[{i}].path"] = [pathProblem];
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid("Nothing was imported.", errors);
        }

        var files = request.Files.Select(f => new SigmaSourceText(f.Path ?? "(unnamed)", f.Content ?? "")).ToList();
        var result = await writes.ImportSigmaAsync(files, request.Strict, request.Owner, ctx.User, ct);
        if (result.Value is not { } view)
        {
            return result.ToProblem();
        }

        return view.Committed ? TypedResults.Ok(view)
            : Problems.Status(StatusCodes.Status422UnprocessableEntity, "Import rejected",
                $"strict import: {view.FilesRejected} of {view.FilesScanned} files have errors; nothing was saved.",
                new Dictionary<string, object?> { ["rejections"] = view.Rejections, ["warningDetails"] = view.WarningDetails });
    }
}
