using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Tessera.Core.Attack;
using Tessera.Core.Coverage;
using Tessera.Core.Detection.Registry;
using Tessera.Core.Detection.Sigma;
using Tessera.Core.Dettect;
using Tessera.Core.Security;
using Tessera.Core.Storage;
using Tessera.Server.Knowledge;
using Tessera.Server.Security;

namespace Tessera.Server.Api.Coverage;

/// <summary>The outcome of a coverage write: the saved value, or field errors, or a conflict/not-found message.</summary>
public sealed record CoverageWriteResult<T>(T? Value, IReadOnlyDictionary<string, string[]> Errors, string? Message = null, int Status = 200)
{
    public bool Succeeded => Value is not null;

    public static CoverageWriteResult<T> Ok(T value) => new(value, Empty);

    public static CoverageWriteResult<T> Invalid(string message, IReadOnlyDictionary<string, string[]> errors) => new(default, errors, message, 400);

    public static CoverageWriteResult<T> Failed(string message, int status) => new(default, Empty, message, status);

    public Results<Ok<T>, ProblemHttpResult> ToOk() => Succeeded ? TypedResults.Ok(Value!) : ToProblem();

    /// <summary>The RFC 9457 answer for a failed write.</summary>
    public ProblemHttpResult ToProblem() => Status switch
    {
        400 when Errors.Count > 0 => Problems.Invalid(Message ?? "Invalid input.", Errors),
        400 => Problems.BadRequest(Message ?? "Invalid input."),
        404 => Problems.NotFound(Message ?? "Not found."),
        409 => Problems.Conflict(Message ?? "It changed or exists already."),
        _ => Problems.Status(Status, "Forbidden", Message ?? "Not allowed."),
    };

    private static readonly IReadOnlyDictionary<string, string[]> Empty = new Dictionary<string, string[]>();
}

/// <summary>
/// Registry and inventory writes shared by the REST API and the coverage pages, so a rule typed into the UI is
/// validated, permission-checked and audited exactly like one posted by a SIEM integration, and each change that moves
/// coverage goes through <see cref="CoverageWatch"/> (regressions, backlog).
/// </summary>
public sealed class CoverageWrites(
    IRuleRegistry registry, IDataSourceInventory inventory, ICoverageImportStore imports, ISettingsStore settings, KnowledgeBaseHost knowledge, AuditWriter audit,
    ImportSigmaRulesCommand sigmaImport, CoverageWatch watch, TimeProvider time)
{
    /// <summary>
    /// Imports uploaded Sigma files. The view says whether anything was committed: a strict import with any bad file
    /// saves nothing; otherwise bad files are reported and the rest saved.
    /// </summary>
    public async Task<CoverageWriteResult<ImportResultView>> ImportSigmaAsync(
        IReadOnlyList<SigmaSourceText> files, bool strict, string? owner, ClaimsPrincipal user, CancellationToken ct)
    {
        if (Denied<ImportResultView>(user, Permission.ChangeRules) is { } denied) return denied;
        var parsed = new SigmaFolderImporter(new SigmaParserOptions { Attack = CoverageAttack.Resolve(knowledge, null) }).ImportTexts(files);
        var baseline = await watch.CaptureAsync(ct);
        var view = ImportResultView.Of(await sigmaImport.ExecuteAsync(parsed, strict, owner, user.Identity?.Name, ct));
        if (view.Committed)
        {
            await audit.WriteAsync(user, "rule.import", "rule", null, null,
                new { view.FilesScanned, view.FilesRejected, view.Created, view.Updated, view.Unchanged }, ct);
            await watch.ProcessAsync(baseline, "rule.import", user, ct);
        }

        return CoverageWriteResult<ImportResultView>.Ok(view);
    }

    /// <summary>A hand-entered rule for another SIEM (Splunk, KQL, EQL …).</summary>
    public async Task<CoverageWriteResult<RegisteredRule>> CreateRuleAsync(ManualRuleInput input, ClaimsPrincipal user, CancellationToken ct)
    {
        if (Denied<RegisteredRule>(user, Permission.ChangeRules) is { } denied) return denied;
        // Tactics are checked against every loaded release (short name or ID); technique IDs only by shape (v19's are kept).
        var (rule, errors) = ManualRuleFactory.Create(input, TacticNames.Of(knowledge.Collections));
        if (rule is null)
        {
            return CoverageWriteResult<RegisteredRule>.Invalid("The rule has invalid fields.",
                errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
        }

        var baseline = await watch.CaptureAsync(ct);
        var saved = await registry.AddAsync(rule, user.Identity?.Name, ct);
        if (!saved.IsSaved)
        {
            return Failure<RegisteredRule>(saved);
        }

        await audit.WriteAsync(user, "rule.create", "rule", saved.Value!.Id.ToString(), null,
            RuleView.Of(saved.Value, CoverageAttack.Resolve(knowledge, null)), ct);
        await watch.ProcessAsync(baseline, "rule.create", user, ct);
        return CoverageWriteResult<RegisteredRule>.Ok(saved.Value);
    }

    /// <summary>Local edits of a registered rule (owner, enabled); optimistic concurrency on <paramref name="version"/>.</summary>
    public async Task<CoverageWriteResult<RegisteredRule>> EditRuleAsync(Guid id, long version, RuleEdit edit, ClaimsPrincipal user, CancellationToken ct)
    {
        if (Denied<RegisteredRule>(user, Permission.ChangeRules) is { } denied) return denied;
        if (edit.Owner is { Length: > 200 })
        {
            return CoverageWriteResult<RegisteredRule>.Failed("owner is at most 200 characters.", 400);
        }

        if (Core.Text.PlainText.OneLineProblem("owner", edit.Owner) is { } ownerProblem)
        {
            return CoverageWriteResult<RegisteredRule>.Failed(ownerProblem, 400);
        }

        var before = await registry.GetAsync(id, ct);
        if (before is not null && before.Version == version && (edit.ClearOwner ? before.Rule.Owner is null : edit.Owner is null || edit.Owner.Trim() == before.Rule.Owner)
            && (edit.Enabled is null || edit.Enabled == before.Rule.Enabled))
        {
            // Nothing to change: no new version (a reviewer holding this one keeps it), no history line, no audit entry.
            return CoverageWriteResult<RegisteredRule>.Ok(before);
        }

        var baseline = await watch.CaptureAsync(ct);
        var saved = await registry.EditAsync(id, version, edit, user.Identity?.Name, ct);
        if (!saved.IsSaved)
        {
            return Failure<RegisteredRule>(saved);
        }

        var attack = CoverageAttack.Resolve(knowledge, null);
        await audit.WriteAsync(user, "rule.edit", "rule", id.ToString(), before is null ? null : RuleView.Of(before, attack), RuleView.Of(saved.Value!, attack), ct);
        await watch.ProcessAsync(baseline, "rule.edit", user, ct);
        return CoverageWriteResult<RegisteredRule>.Ok(saved.Value!);
    }

    /// <summary>A dated, explained status change of a data source (degraded, dropped, restored); <paramref name="at"/> defaults to now.</summary>
    public async Task<CoverageWriteResult<DataSourceEntry>> ChangeDataSourceStatusAsync(
        Guid id, long version, DataSourceStatus status, DateTimeOffset? at, string? reason, ClaimsPrincipal user, CancellationToken ct)
    {
        if (Denied<DataSourceEntry>(user, Permission.ChangeCoverage) is { } denied) return denied;
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 1000)
        {
            return CoverageWriteResult<DataSourceEntry>.Failed("reason is required (at most 1000 characters): a degradation or drop is dated and explained.", 400);
        }

        if (Core.Text.PlainText.MultiLineProblem("reason", reason) is { } reasonProblem)
        {
            return CoverageWriteResult<DataSourceEntry>.Failed(reasonProblem, 400);
        }

        if (Core.Text.EnteredDates.Problem("at", at) is { } range)
        {
            return CoverageWriteResult<DataSourceEntry>.Failed(range + ".", 400);
        }

        var now = time.GetUtcNow();
        if (at > now)
        {
            return CoverageWriteResult<DataSourceEntry>.Failed("at cannot be in the future.", 400);
        }

        var before = await inventory.GetAsync(id, ct);
        var baseline = await watch.CaptureAsync(ct);
        var saved = await inventory.ChangeStatusAsync(id, version, status, at ?? now, reason.Trim(), user.Identity?.Name, ct);
        if (!saved.IsSaved)
        {
            return Failure<DataSourceEntry>(saved);
        }

        await audit.WriteAsync(user, "datasource.status", "datasource", id.ToString(), before, saved.Value, ct);
        await watch.ProcessAsync(baseline, "datasource.status", user, ct);
        return CoverageWriteResult<DataSourceEntry>.Ok(saved.Value!);
    }

    /// <summary>Registers a log source in the inventory, with what it provides (data components and/or v18 log sources).</summary>
    public async Task<CoverageWriteResult<DataSourceEntry>> AddDataSourceAsync(DataSourceRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        if (Denied<DataSourceEntry>(user, Permission.ChangeCoverage) is { } denied) return denied;
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200) errors["name"] = ["name is required, at most 200 characters"];
        foreach (var (field, value) in new[] { ("name", request.Name), ("platform", request.Platform), ("environment", request.Environment) })
        {
            if (Core.Text.PlainText.OneLineProblem(field, value) is { } problem) errors.TryAdd(field, [problem]);
        }

        var quality = new DataQuality(request.Completeness, request.Timeliness, request.Retention);
        if (!quality.IsValid) errors["quality"] = ["completeness, timeliness and retention are 0..100"];
        if (Core.Text.EnteredDates.Problem("registeredOn", request.RegisteredOn) is { } registered) errors["registeredOn"] = [registered];
        if (Core.Text.EnteredDates.Problem("connectedOn", request.ConnectedOn) is { } connected) errors["connectedOn"] = [connected];
        var provides = ManualRuleFactory.Requirement([.. request.DataComponents ?? [], .. request.LogSources ?? []]);
        if (!provides.IsMapped) errors["dataComponents"] = ["name at least one data component (DC0032) or log source (WinEventLog:Sysmon)"];
        if (errors.Count > 0)
        {
            return CoverageWriteResult<DataSourceEntry>.Invalid("The data source has invalid fields.", errors);
        }

        var baseline = await watch.CaptureAsync(ct);
        var saved = await inventory.AddAsync(new DataSourceEntry
        {
            Id = Guid.NewGuid(), Name = request.Name.Trim(), Platform = request.Platform?.Trim() ?? "", Environment = request.Environment?.Trim() ?? "",
            DataComponents = provides.DataComponents.Select(c => c.Id).ToList(), LogSources = provides.LogSources,
            Ingested = request.Ingested, Normalized = request.Normalized, Queryable = request.Queryable,
            RegisteredOn = request.RegisteredOn, ConnectedOn = request.ConnectedOn, Quality = quality,
        }, user.Identity?.Name, ct);
        if (!saved.IsSaved)
        {
            return Failure<DataSourceEntry>(saved);
        }

        await audit.WriteAsync(user, "datasource.create", "datasource", saved.Value!.Id.ToString(), null, saved.Value, ct);
        await watch.ProcessAsync(baseline, "datasource.create", user, ct);
        return CoverageWriteResult<DataSourceEntry>.Ok(saved.Value);
    }

    /// <summary>
    /// Applies one DeTT&amp;CT administration file as <see cref="DettectCoverageImport"/> plans it. Its data sources and
    /// rules are one transaction (<see cref="ICoverageImportStore"/>), audited as <c>coverage.dettect-import</c> once
    /// committed: all written and audited, or, when the write fails, nothing. The priority list (a group file's, which
    /// carries no data sources or rules) is then saved as the settings change it is, audited as <c>coverage.settings</c>.
    /// </summary>
    public async Task<CoverageWriteResult<DettectImportView>> ImportDettectAsync(DettectImportRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        if (Denied<DettectImportView>(user, Permission.ChangeCoverage) is { } denied) return denied;
        var fileName = string.IsNullOrWhiteSpace(request.FileName) ? "dettect.yaml" : request.FileName;
        var read = DettectReader.Read(request.Content ?? "", fileName);
        if (!read.Succeeded)
        {
            return CoverageWriteResult<DettectImportView>.Invalid($"{fileName}: {read.Issues.Count} error(s); nothing was imported.",
                new Dictionary<string, string[]> { ["content"] = read.Issues.Select(i => i.ToString()).ToArray() });
        }

        if (knowledge.Latest(read.Document!.Domain) is not { } attack)
        {
            // Its technique IDs cannot be resolved against another domain (ICS T0xxx are absent from Enterprise; Mobile's
            // T1xxx name other techniques there): refused, naming the file, rather than read as Enterprise.
            return CoverageWriteResult<DettectImportView>.Failed(
                $"{fileName}: the file's domain is {read.Document.Domain.ToStixName()} and no {read.Document.Domain.ToStixName()} collection is loaded, "
                + "so its techniques cannot be resolved; nothing was imported", 404);
        }

        var plan = DettectCoverageImport.Plan(read.Document, attack, Guid.NewGuid);
        var baseline = await watch.CaptureAsync(ct);
        var actor = user.Identity?.Name;
        var stored = plan.DataSources.Count == 0 && plan.Rules.Count == 0 ? new CoverageImportSummary(0, 0, new RuleImportSummary(0, 0, 0))
            : await imports.ImportAsync(plan.DataSources, plan.Rules.Select(r => new RuleImportItem(r, fileName)).ToList(), actor, ct);
        var view = new DettectImportView(read.Document.GetType().Name, stored.DataSourcesAdded, stored.DataSourcesSkipped, stored.Rules.Created,
            stored.Rules.Updated, request.SetPriority ? plan.PriorityTechniques.Count : 0, plan.Notes, plan.Report.Mapped, plan.Report.NotMapped);
        await audit.WriteAsync(user, "coverage.dettect-import", "coverage", fileName, null,
            new { view.FileType, view.DataSourcesAdded, view.RulesCreated, view.RulesUpdated, view.PriorityTechniques }, ct);
        if (request.SetPriority && plan.PriorityTechniques.Count > 0)
        {
            // The priority list is a settings change like any other: audited with what it replaced.
            var current = await CoverageSettings.LoadAsync(settings, ct);
            var changed = current with { PriorityList = plan.PriorityTechniques };
            await changed.SaveAsync(settings, ct);
            await audit.WriteAsync(user, "coverage.settings", "setting", CoverageSettings.Key, current, changed, ct);
        }

        await watch.ProcessAsync(baseline, "coverage.dettect-import", user, ct);
        return CoverageWriteResult<DettectImportView>.Ok(view);
    }

    /// <summary>Validation cadences and the priority scope.</summary>
    public async Task<CoverageWriteResult<CoverageSettings>> SaveSettingsAsync(CoverageSettings request, ClaimsPrincipal user, CancellationToken ct)
    {
        if (Denied<CoverageSettings>(user, Permission.ChangeCoverage) is { } denied) return denied;
        request = request.Normalised();
        var errors = request.Validate();
        if (errors.Count > 0)
        {
            return CoverageWriteResult<CoverageSettings>.Invalid("Invalid coverage settings.", new Dictionary<string, string[]> { ["settings"] = [.. errors] });
        }

        var before = await CoverageSettings.LoadAsync(settings, ct);
        var baseline = await watch.CaptureAsync(ct);
        await request.SaveAsync(settings, ct);
        await audit.WriteChangeAsync(user, "coverage.settings", "setting", CoverageSettings.Key, before, request, ct);
        await watch.ProcessAsync(baseline, "coverage.settings", user, ct);
        return CoverageWriteResult<CoverageSettings>.Ok(request);
    }

    public Task<CoverageSettings> LoadSettingsAsync(CancellationToken ct) => CoverageSettings.LoadAsync(settings, ct);

    // Endpoints are already policy-guarded; pages are not, so the check lives where both pass.
    private static CoverageWriteResult<T>? Denied<T>(ClaimsPrincipal user, Permission permission) =>
        user.Has(permission) ? null : CoverageWriteResult<T>.Failed($"Your role lacks the {permission} permission.", 403);

    private static CoverageWriteResult<T> Failure<T>(SaveResult<T> saved) where T : class =>
        CoverageWriteResult<T>.Failed(saved.Message ?? "not saved", saved.Status switch
        {
            SaveStatus.NotFound => 404,
            SaveStatus.Conflict or SaveStatus.Duplicate => 409,
            _ => 400,
        });
}
