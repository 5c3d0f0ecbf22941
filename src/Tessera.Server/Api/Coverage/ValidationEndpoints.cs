using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tessera.Core.Attack;
using Tessera.Core.Coverage;
using Tessera.Core.Detection.Atomic;
using Tessera.Core.Detection.Validation;
using Tessera.Core.Security;
using Tessera.Core.Text;
using Tessera.Server.Knowledge;
using Tessera.Server.Security;

namespace Tessera.Server.Api.Coverage;

/// <summary>Validation runs: results posted by breach-simulation / purple-team tools, Invoke-AtomicRedTeam logs, and the owners' queue.</summary>
internal static class ValidationEndpoints
{
    /// <summary>Runs per request: a full Atomic campaign is ~1,800 tests; more is a bulk load for the CLI.</summary>
    private const int MaxRuns = 5_000;

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/validations").WithTags("Validations");
        group.MapGet("/", ListAsync).WithSummary("List validation runs").Require(Permission.Read);
        group.MapPost("/", RecordAsync).WithSummary("Record a validation run").Require(Permission.ChangeValidations);
        group.MapPost("/atomic-log", ImportAtomicLogAsync).WithSummary("Import an Atomic Red Team execution log").Require(Permission.ChangeValidations);
        group.MapGet("/queue", QueueAsync).WithSummary("Rules due for (re)validation, most overdue first").Require(Permission.Read);
        app.MapGet("/api/v1/atomic/tests", AtomicTestsAsync).WithSummary("Atomic Red Team tests for a technique").WithTags("Validations").Require(Permission.Read);
    }

    private static async Task<Results<Ok<List<ValidationRunView>>, ProblemHttpResult>> ListAsync(
        IValidationStore store, KnowledgeBaseHost knowledge, CancellationToken ct, string? technique = null, string? rule = null, int take = 100)
    {
        TechniqueId parsed = default;
        if (technique is not null && !TechniqueId.TryParse(technique, out parsed))
        {
            return Problems.BadRequest($"'{technique}' is not a technique ID.");
        }

        var runs = await store.ListAsync(technique is null ? null : parsed, rule, take, ct);
        var attack = CoverageAttack.Resolve(knowledge, null);
        return TypedResults.Ok(runs.Select(r => ValidationRunView.Of(r, attack)).ToList());
    }

    private static async Task<Results<Ok<ValidationResultView>, ProblemHttpResult>> RecordAsync(
        ValidationBatchRequest request, IValidationStore store, IAtomicTestStore atomics, AuditWriter audit, CoverageWatch watch, TimeProvider time,
        HttpContext ctx, CancellationToken ct)
    {
        if (request.Runs is not { Count: > 0 } || request.Runs.Count > MaxRuns)
        {
            return Problems.BadRequest($"runs must hold 1..{MaxRuns:N0} results.");
        }

        var errors = new Dictionary<string, string[]>();
        var runs = new List<ValidationRun>();
        var catalog = await atomics.LoadAsync(ct);
        var warnings = new List<string>();
        var now = time.GetUtcNow();
        foreach (var (dto, i) in request.Runs.Select((r, i) => (r, i)))
        {
            var problems = new List<string>();
            if (Core.Text.EnteredDates.Problem("executedAt", dto.ExecutedAt) is { } range) problems.Add(range);
            else if (ValidationTime.FutureProblem(dto.ExecutedAt, now) is { } future) problems.Add("executedAt " + future);
            if (!TechniqueId.TryParse(dto.Technique, out var technique)) problems.Add($"'{dto.Technique}' is not a technique ID");
            if (string.IsNullOrWhiteSpace(dto.Test)) problems.Add("test is required");
            if (dto.Outcome == ValidationOutcome.Detected && dto.FiredRules is not { Count: > 0 }) problems.Add("a Detected result must name the rules that fired");
            if (problems.Count > 0)
            {
                errors[$"runs[{i}]"] = [.. problems];
                continue;
            }

            var known = dto.TestGuid is not { } g || catalog.FindTest(g) is not null;
            if (!known)
            {
                warnings.Add($"runs[{i}]: test GUID {dto.TestGuid} is not in the Atomic catalogue (kept)");
            }

            runs.Add(new ValidationRun
            {
                Id = Guid.NewGuid(), Source = string.IsNullOrWhiteSpace(dto.Tool) ? "api" : dto.Tool.Trim(), TestGuid = dto.TestGuid, TestName = dto.Test.Trim(),
                Technique = technique, ExecutedAt = dto.ExecutedAt, Host = dto.Host ?? "", Outcome = dto.Outcome, FiredRules = dto.FiredRules ?? [],
                IsKnownTest = known, Evidence = dto.Evidence, RecordedBy = ctx.User.Identity?.Name,
            });
        }

        // All-or-nothing: one bad result rejects the batch, so a tool can resend it whole once fixed.
        if (errors.Count > 0)
        {
            return Problems.Invalid($"{errors.Count} of {request.Runs.Count} results are invalid; nothing was recorded.", errors);
        }

        return TypedResults.Ok(await RecordAndAuditAsync(runs, warnings, store, audit, watch, ctx, ct));
    }

    private static async Task<Results<Ok<ValidationResultView>, ProblemHttpResult>> ImportAtomicLogAsync(
        AtomicLogRequest request, IValidationStore store, IAtomicTestStore atomics, AuditWriter audit, CoverageWatch watch, TimeProvider time,
        HttpContext ctx, CancellationToken ct)
    {
        if (request.Outcome == ValidationOutcome.Detected && request.FiredRules is not { Count: > 0 })
        {
            return Problems.BadRequest("a Detected verdict must name the rules that fired (firedRules).");
        }

        var reader = new AtomicExecutionLogReader(await atomics.LoadAsync(ct), time);
        var file = request.FileName ?? "execution-log." + request.Format;
        var log = request.Format?.ToLowerInvariant() switch
        {
            "csv" => reader.ReadCsv(request.Content ?? "", file),
            "json" => reader.ReadJson(request.Content ?? "", file),
            _ => null,
        };
        if (log is null)
        {
            return Problems.BadRequest("format must be csv or json.");
        }

        if (!log.IsValid)
        {
            return Problems.Invalid($"{file}: {log.Errors.Count} error(s); nothing was recorded.",
                new Dictionary<string, string[]> { ["content"] = log.Errors.Select(e => e.ToString()).ToArray() });
        }

        var runs = AtomicRunMapper.ToRuns(log.Executions, request.Outcome, request.FiredRules ?? [], Guid.NewGuid)
            .Select(r => r with { RecordedBy = ctx.User.Identity?.Name }).ToList();
        return TypedResults.Ok(await RecordAndAuditAsync(runs, log.Warnings.Select(w => w.ToString()).ToList(), store, audit, watch, ctx, ct));
    }

    private static async Task<ValidationResultView> RecordAndAuditAsync(
        List<ValidationRun> runs, List<string> warnings, IValidationStore store, AuditWriter audit, CoverageWatch watch, HttpContext ctx, CancellationToken ct)
    {
        var baseline = await watch.CaptureAsync(ct);
        var changes = await store.RecordAsync(runs, ct);
        // A fired rule nobody registered changes nothing: likely a typo or a rule not imported yet. The run is kept.
        warnings.AddRange(changes.UnknownFiredRules.Select(k => $"firedRules: '{Echo.Clip(k, 100)}' is not a registered rule (by id or external id); the run is kept, no rule changed for it"));
        var recorded = changes.StoredRunIds.Count;
        var view = new ValidationResultView(recorded, changes.Select(c => new RuleChangeView(c.RuleId, c.Status, c.TestedAt, c.Evidence)).ToList(), warnings, changes.Unchanged);
        await audit.WriteAsync(ctx.User, "validation.record", "validation", null, null,
            new { recorded, unchanged = changes.Unchanged, ruleChanges = changes.Count, runIds = changes.StoredRunIds.Take(100) }, ct);
        await watch.ProcessAsync(baseline, "validation.record", ctx.User, ct);
        return view;
    }

    private static async Task<Results<Ok<List<OverdueView>>, ProblemHttpResult>> QueueAsync(
        CoverageService coverage, KnowledgeBaseHost knowledge, CancellationToken ct, string? owner = null, string? collection = null)
    {
        if (CoverageAttack.Resolve(knowledge, collection) is not { } attack)
        {
            return Problems.NotFound(CoverageAttack.Missing(collection));
        }

        var report = await coverage.ComputeAsync(attack, new CoverageFilter { Owner = owner }, ct);
        return TypedResults.Ok(report.Overdue.Select(o => new OverdueView(o.Rule.RuleId, o.Rule.Title, o.Rule.Owner, o.Rule.LastTested, o.DueAt, o.Reason)).ToList());
    }

    private static async Task<Results<Ok<List<AtomicTestView>>, ProblemHttpResult>> AtomicTestsAsync(IAtomicTestStore atomics, string technique, CancellationToken ct)
    {
        if (!TechniqueId.TryParse(technique, out var id))
        {
            return Problems.BadRequest($"'{technique}' is not a technique ID.");
        }

        var tests = await atomics.ForTechniqueAsync(id, ct);
        return TypedResults.Ok(tests.Select(t => new AtomicTestView(t.Guid, t.Number, t.Name, t.SupportedPlatforms, t.Executor.Name)).ToList());
    }
}
