using Tessera.Core.Storage;

namespace Tessera.Core.Detection.Registry;

/// <summary>Stores detection rules, their history and validation status. Implemented in Infrastructure.</summary>
public interface IRuleRegistry
{
    /// <summary>
    /// Upserts <paramref name="items"/> by (source, external id) in one transaction. New rules take owner, enabled
    /// and validation from the item; existing rules get new content (title, query, tags, data requirements, level)
    /// only, so local owner, enabled and validation status are never overwritten. Content changes add a history row;
    /// identical content changes nothing. Throws <see cref="ArgumentException"/> if the batch repeats a key.
    /// </summary>
    Task<RuleImportSummary> ImportAsync(IReadOnlyList<RuleImportItem> items, string? actor, CancellationToken ct);

    /// <summary>Adds one rule; <see cref="SaveStatus.Duplicate"/> when its source and external id exist already.</summary>
    Task<SaveResult<RegisteredRule>> AddAsync(DetectionRule rule, string? actor, CancellationToken ct);

    /// <summary>Applies a local edit if the stored version is <paramref name="expectedVersion"/> (else Conflict).</summary>
    Task<SaveResult<RegisteredRule>> EditAsync(Guid id, long expectedVersion, RuleEdit edit, string? actor, CancellationToken ct);

    /// <summary>The rule with its query text, or null.</summary>
    Task<RegisteredRule?> GetAsync(Guid id, CancellationToken ct);

    /// <summary>A filtered page ordered by title; items carry no query text.</summary>
    Task<RulePage> QueryAsync(RuleQuery query, CancellationToken ct);

    /// <summary>Every rule without query text: the coverage engine's input.</summary>
    Task<IReadOnlyList<RegisteredRule>> ListForCoverageAsync(CancellationToken ct);

    /// <summary>History of one rule, oldest first.</summary>
    Task<IReadOnlyList<RuleChange>> HistoryAsync(Guid id, CancellationToken ct);
}
