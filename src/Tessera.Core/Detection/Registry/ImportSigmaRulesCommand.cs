using Tessera.Core.Detection.Sigma;

namespace Tessera.Core.Detection.Registry;

/// <summary>
/// Imports a parsed Sigma batch into the registry: every valid file's rules in one transaction, rejected files
/// reported with their errors (nothing is dropped silently). With <c>strict</c>, one rejected file saves nothing.
/// </summary>
public sealed class ImportSigmaRulesCommand(IRuleRegistry registry)
{
    /// <summary>
    /// Saves <paramref name="parsed"/>. <paramref name="owner"/> becomes the owner of newly created rules (the Sigma
    /// author is not an owner: owners are the people who answer for a rule here); existing rules keep their local
    /// owner. Throws only for storage failures.
    /// </summary>
    public async Task<RegistryImportResult> ExecuteAsync(SigmaImportResult parsed, bool strict, string? owner, string? actor, CancellationToken ct)
    {
        var result = new RegistryImportResult
        {
            FilesScanned = parsed.FilesScanned,
            Rejections = parsed.Rejections,
            Warnings = parsed.Warnings,
            CorrelationsAndFiltersNotImported = parsed.Correlations.Count + parsed.Filters.Count,
        };
        if (strict && parsed.Rejections.Count > 0)
        {
            return result;
        }

        var items = parsed.Rules
            .Select(r => new RuleImportItem(SigmaRuleMapper.ToDetectionRule(r) with { Owner = owner }, r.File))
            .ToList();
        var saved = await registry.ImportAsync(items, actor, ct).ConfigureAwait(false);
        return result with { Saved = saved };
    }
}
