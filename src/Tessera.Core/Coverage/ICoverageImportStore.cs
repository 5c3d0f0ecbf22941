using Tessera.Core.Detection.Registry;

namespace Tessera.Core.Coverage;

/// <summary>
/// Writes an import that fills both the data source inventory and the rule registry (a DeTT&amp;CT file) as one
/// transaction: everything is written, or, when any part fails, nothing. Implemented in Infrastructure.
/// </summary>
public interface ICoverageImportStore
{
    /// <summary>
    /// Adds the <paramref name="dataSources"/> not yet inventoried (by name, platform and environment; an entry already
    /// there, or repeated in the list, is skipped) and upserts <paramref name="rules"/> as
    /// <see cref="IRuleRegistry.ImportAsync"/> does, in one transaction. Imports running at once (two requests, two
    /// instances) are serialised: each entry and rule is added once, and the other imports find it. Throws
    /// <see cref="ArgumentException"/>, writing nothing, when an entry's quality is outside 0..100 or the rules repeat a key.
    /// </summary>
    Task<CoverageImportSummary> ImportAsync(
        IReadOnlyList<DataSourceEntry> dataSources, IReadOnlyList<RuleImportItem> rules, string? actor, CancellationToken ct);
}

/// <summary>What one <see cref="ICoverageImportStore.ImportAsync"/> transaction did.</summary>
public sealed record CoverageImportSummary(int DataSourcesAdded, int DataSourcesSkipped, RuleImportSummary Rules);
