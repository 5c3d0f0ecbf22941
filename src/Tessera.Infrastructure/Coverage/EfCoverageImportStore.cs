using Microsoft.EntityFrameworkCore;
using Tessera.Core.Coverage;
using Tessera.Core.Detection.Registry;
using Tessera.Infrastructure.Storage;

namespace Tessera.Infrastructure.Coverage;

/// <summary>
/// The inventory's and the registry's import steps (<see cref="EfDataSourceInventory"/>, <see cref="EfRuleRegistry"/>)
/// in one context, one save and one transaction. Locks are taken data sources first, then rules (<see cref="WriteLock"/>).
/// </summary>
public sealed class EfCoverageImportStore(IDbContextFactory<TesseraDbContext> contexts, TimeProvider time) : ICoverageImportStore
{
    public async Task<CoverageImportSummary> ImportAsync(
        IReadOnlyList<DataSourceEntry> dataSources, IReadOnlyList<RuleImportItem> rules, string? actor, CancellationToken ct)
    {
        EfRuleRegistry.CheckBatch(rules);
        var now = time.GetUtcNow();
        await using var db = contexts.CreateDbContext();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var (added, skipped) = dataSources.Count == 0 ? (0, 0) : await EfDataSourceInventory.AddNewAsync(db, dataSources, actor, now, ct);
        var summary = rules.Count == 0 ? new RuleImportSummary(0, 0, 0) : await EfRuleRegistry.UpsertAsync(db, rules, actor, now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new CoverageImportSummary(added, skipped, summary);
    }
}
