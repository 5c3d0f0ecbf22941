using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Tessera.Core.Attack;
using Tessera.Core.Coverage;
using Tessera.Core.Detection.Registry;
using Tessera.Core.Dettect;
using Tessera.Core.Storage;
using Tessera.Server.Knowledge;

namespace Tessera.Server.Api.Coverage;

/// <summary>DeTT&amp;CT migration: one administration file per request, applied as <see cref="DettectCoverageImport"/> plans it.</summary>
internal static class DettectEndpoint
{
    public static async Task<Results<Ok<DettectImportView>, ProblemHttpResult>> ImportAsync(
        DettectImportRequest request, KnowledgeBaseHost knowledge, IDataSourceInventory inventory, IRuleRegistry registry, ISettingsStore settings,
        AuditWriter audit, HttpContext ctx, CancellationToken ct)
    {
        var read = DettectReader.Read(request.Content ?? "", string.IsNullOrWhiteSpace(request.FileName) ? "dettect.yaml" : request.FileName);
        if (!read.Succeeded)
        {
            return Problems.Invalid($"{request.FileName}: {read.Issues.Count} error(s); nothing was imported.",
                new Dictionary<string, string[]> { ["content"] = read.Issues.Select(i => i.ToString()).ToArray() });
        }

        if (knowledge.Latest(read.Document!.Domain) is not { } attack)
        {
            return Problems.NotFound($"no {read.Document.Domain.ToStixName()} collection is loaded");
        }

        var plan = DettectCoverageImport.Plan(read.Document, attack, Guid.NewGuid);
        var actor = ctx.User.Identity?.Name;
        int added = 0, skipped = 0;
        foreach (var source in plan.DataSources)
        {
            if ((await inventory.AddAsync(source, actor, ct)).IsSaved) added++;
            else skipped++;
        }

        var rules = plan.Rules.Count == 0 ? new RuleImportSummary(0, 0, 0)
            : await registry.ImportAsync(plan.Rules.Select(r => new RuleImportItem(r, request.FileName)).ToList(), actor, ct);
        if (request.SetPriority && plan.PriorityTechniques.Count > 0)
        {
            var current = await CoverageSettings.LoadAsync(settings, ct);
            await (current with { PriorityList = plan.PriorityTechniques }).SaveAsync(settings, ct);
        }

        var view = new DettectImportView(read.Document.GetType().Name, added, skipped, rules.Created, rules.Updated,
            request.SetPriority ? plan.PriorityTechniques.Count : 0, plan.Notes, plan.Report.Mapped, plan.Report.NotMapped);
        await audit.WriteAsync(ctx.User, "coverage.dettect-import", "coverage", request.FileName, null,
            new { view.FileType, view.DataSourcesAdded, view.RulesCreated, view.RulesUpdated, view.PriorityTechniques }, ct);
        return TypedResults.Ok(view);
    }
}
