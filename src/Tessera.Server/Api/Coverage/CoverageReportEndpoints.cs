using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tessera.Core.Attack;
using Tessera.Core.Coverage;
using Tessera.Core.Detection.Validation;
using Tessera.Core.Navigator;
using Tessera.Core.Security;
using Tessera.Core.Storage;
using Tessera.Server.Knowledge;
using Tessera.Server.Security;

namespace Tessera.Server.Api.Coverage;

/// <summary>Coverage: the matrix with filters, technique drill-down, exports (layer, CSV, XLSX), snapshots and settings.</summary>
internal static class CoverageReportEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/coverage").WithTags("Coverage");
        group.MapGet("/", GetAsync).WithSummary("Coverage per technique: validated, rule exists, gap").Require(Permission.Read);
        group.MapGet("/techniques/{id}", TechniqueAsync).WithSummary("One technique's coverage with its rules, tests and runs").Require(Permission.Read);
        group.MapGet("/layer", LayerAsync).WithSummary("Coverage as an ATT&CK Navigator layer").Require(Permission.Read);
        group.MapGet("/export", ExportAsync).WithSummary("Coverage as CSV or XLSX").Require(Permission.Read);
        group.MapGet("/history", HistoryAsync).WithSummary("Coverage snapshots over time").Require(Permission.Read);
        group.MapPost("/snapshots", SnapshotAsync).WithSummary("Take a coverage snapshot").Require(Permission.ChangeCoverage);
        group.MapGet("/settings", async (ISettingsStore settings, CancellationToken ct) => TypedResults.Ok(await CoverageSettings.LoadAsync(settings, ct))).WithSummary("Read the coverage settings").Require(Permission.Read);
        group.MapPut("/settings", SaveSettingsAsync).WithSummary("Replace the coverage settings (send every field: an omitted one takes its default; an unknown one is a 400)").Require(Permission.ChangeCoverage);
        group.MapPost("/dettect", ImportDettectAsync).WithSummary("Import a DeTT&CT administration file").Require(Permission.ChangeCoverage);
    }

    internal sealed record Query(string? Collection, string? Tactic, string? Platform, string? DataSource, string? Owner, string? State)
    {
        public CoverageFilter Filter(out string? error)
        {
            error = null;
            CoverageState? state = null;
            if (!string.IsNullOrWhiteSpace(State))
            {
                if (CoverageStates.TryParse(State, out var s)) state = s;
                else error = $"state must be one of {string.Join(", ", Enum.GetValues<CoverageState>().Select(x => x.Slug()))}";
            }

            return new CoverageFilter { Tactic = Tactic, Platform = Platform, DataSource = DataSource, Owner = Owner, State = state };
        }
    }

    /// <summary>The report for <paramref name="query"/> with the filter it was computed with (its tactic as a short name), or the problem.</summary>
    private static async Task<(CoverageReport? Report, AttackCollection? Attack, CoverageFilter? Filter, ProblemHttpResult? Problem)> ComputeAsync(
        Query query, CoverageService coverage, KnowledgeBaseHost knowledge, CancellationToken ct)
    {
        var filter = query.Filter(out var error);
        if (error is not null)
        {
            return (null, null, null, Problems.BadRequest(error));
        }

        if (CoverageAttack.Resolve(knowledge, query.Collection) is not { } attack)
        {
            return (null, null, null, Problems.NotFound(CoverageAttack.Missing(query.Collection)));
        }

        // A misspelt tactic (or TA9999) answered a matrix, layer or export without a technique, as if the tactic were a
        // gap: refused naming the value and the collection's tactics, as GET /rules is. IDs (TA0006) resolve to short names.
        // The collection's own tactics only: a v19 name (stealth) on an 18.1 matrix could only ever select nothing.
        if (TacticFilter.Check(query.Tactic, TacticNames.In(attack), out var tactic) is { } tacticErrors)
        {
            return (null, null, null, TacticFilter.Problem(tacticErrors));
        }

        filter = filter with { Tactic = tactic };
        return (await coverage.ComputeAsync(attack, filter, ct), attack, filter, null);
    }

    private static async Task<Results<Ok<CoverageView>, ProblemHttpResult>> GetAsync(
        [AsParameters] Query query, CoverageService coverage, KnowledgeBaseHost knowledge, CancellationToken ct)
    {
        var (report, _, filter, problem) = await ComputeAsync(query, coverage, knowledge, ct);
        if (problem is not null)
        {
            return problem;
        }

        return TypedResults.Ok(new CoverageView(report!.CollectionKey, report.ComputedAt, report.Summarize(CoverageScope.All), report.Summarize(CoverageScope.Priority),
            report.ByTactic, report.ByPlatform, report.ByDataSource, report.ByOwner,
            report.Select(filter!).Select(TechniqueStateView.Of).ToList(), report.UnknownTechniques.Select(TechniqueStateView.Of).ToList()));
    }

    private static async Task<Results<Ok<TechniqueDetailView>, ProblemHttpResult>> TechniqueAsync(
        string id, CoverageService coverage, KnowledgeBaseHost knowledge, IDataSourceInventory inventory, IAtomicTestStore atomics,
        IValidationStore validations, ICoverageSnapshotStore snapshots, CancellationToken ct, string? collection = null)
    {
        if (!TechniqueId.TryParse(id, out var techniqueId))
        {
            return Problems.BadRequest($"'{id}' is not a technique ID.");
        }

        if (CoverageAttack.Resolve(knowledge, collection) is not { } attack)
        {
            return Problems.NotFound(CoverageAttack.Missing(collection));
        }

        var report = await coverage.ComputeAsync(attack, null, ct);
        if (report.Find(techniqueId.Value) is not { } technique)
        {
            return Problems.NotFound($"{techniqueId} is neither in {attack.Info.Key} nor tagged on any rule.");
        }

        // A newer release's ID (T1685) finds the technique the collection knows it as (T1562.001): show that one.
        techniqueId = technique.Id;
        var (tests, runs) = await TechniqueTests.LoadAsync(atomics, validations, techniqueId, technique, ct);
        var history = (await snapshots.ListAsync(attack.Info.Key, 100, ct)).Select(s => new StateAtView(s.TakenAt, s.StateOf(techniqueId.Value))).ToList();
        return TypedResults.Ok(new TechniqueDetailView(TechniqueStateView.Of(technique), RuleCoverageView.Of(technique.Rules), RuleCoverageView.Of(technique.SubtechniqueRules),
            TechniqueDataRequirements.For(attack, techniqueId, await inventory.ListAsync(ct)),
            tests.Select(t => new AtomicTestView(t.Guid, t.Number, t.Name, t.SupportedPlatforms, t.Executor.Name)).ToList(),
            runs.Select(r => ValidationRunView.Of(r, attack)).ToList(), history));
    }

    private static async Task<IResult> LayerAsync([AsParameters] Query query, CoverageService coverage, KnowledgeBaseHost knowledge, CancellationToken ct)
    {
        var (report, attack, filter, problem) = await ComputeAsync(query, coverage, knowledge, ct);
        return problem is not null
            ? problem
            : TypedResults.Text(LayerWriter.WriteToString(CoverageLayerExporter.ToLayer(report!.Narrowed(filter!), attack!.Info.Domain), indented: false), "application/json");
    }

    private static async Task<IResult> ExportAsync(
        [AsParameters] Query query, CoverageService coverage, KnowledgeBaseHost knowledge, CancellationToken ct, string format = "csv")
    {
        if (format is not ("csv" or "xlsx"))
        {
            return Problems.BadRequest("format must be csv or xlsx.");
        }

        var (report, _, filter, problem) = await ComputeAsync(query, coverage, knowledge, ct);
        if (problem is not null)
        {
            return problem;
        }

        // The dashboard's export links carry its filters: the download holds what the listing shows.
        report = report!.Narrowed(filter!);
        if (format == "csv")
        {
            return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(CoverageCsvWriter.WriteToString(report!)), "text/csv", "coverage.csv");
        }

        using var buffer = new MemoryStream();
        CoverageXlsxExporter.Write(report!, buffer);
        return TypedResults.File(buffer.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "coverage.xlsx");
    }

    private static async Task<Results<Ok<List<SnapshotView>>, ProblemHttpResult>> HistoryAsync(
        ICoverageSnapshotStore snapshots, KnowledgeBaseHost knowledge, CancellationToken ct, string? collection = null, int take = 100)
    {
        if (CoverageAttack.Resolve(knowledge, collection) is not { } attack)
        {
            return Problems.NotFound(CoverageAttack.Missing(collection));
        }

        return TypedResults.Ok((await snapshots.ListAsync(attack.Info.Key, take, ct)).Select(SnapshotView.Of).ToList());
    }

    private static async Task<Results<Created<SnapshotView>, ProblemHttpResult>> SnapshotAsync(
        SnapshotRequest request, CoverageService coverage, ICoverageSnapshotStore snapshots, KnowledgeBaseHost knowledge, AuditWriter audit, HttpContext ctx,
        CancellationToken ct, string? collection = null)
    {
        if (CoverageAttack.Resolve(knowledge, collection) is not { } attack)
        {
            return Problems.NotFound(CoverageAttack.Missing(collection));
        }

        var note = string.IsNullOrWhiteSpace(request.Note) ? "manual" : request.Note.Trim();
        if (CoverageSnapshot.NoteProblem(note) is { } problem)
        {
            return Problems.InvalidField(problem);
        }

        var snapshot = SnapshotView.Of(await coverage.SnapshotAsync(attack, note, snapshots, ct));
        await audit.WriteAsync(ctx.User, "coverage.snapshot", "coverage-snapshot", snapshot.Id.ToString(), null, snapshot, ct);
        return TypedResults.Created($"/api/v1/coverage/history", snapshot);
    }

    private static async Task<Results<Ok<CoverageSettings>, ProblemHttpResult>> SaveSettingsAsync(
        CoverageSettings request, CoverageWrites writes, HttpContext ctx, CancellationToken ct) =>
        (await writes.SaveSettingsAsync(request, ctx.User, ct)).ToOk();

    private static async Task<Results<Ok<DettectImportView>, ProblemHttpResult>> ImportDettectAsync(
        DettectImportRequest request, CoverageWrites writes, HttpContext ctx, CancellationToken ct) =>
        (await writes.ImportDettectAsync(request, ctx.User, ct)).ToOk();
}
