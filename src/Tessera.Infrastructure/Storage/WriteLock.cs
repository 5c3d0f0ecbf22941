using Microsoft.EntityFrameworkCore;

namespace Tessera.Infrastructure.Storage;

/// <summary>
/// Serialises a read-check-write across requests and instances: held until the transaction ends, taken before the
/// check. PostgreSQL: a transaction-scoped advisory lock on <see cref="Key"/> (read committed lets two transactions both
/// pass a duplicate check otherwise). SQLite: a write statement that changes no row, which holds the database's write
/// lock from before the check (Microsoft.Data.Sqlite begins transactions IMMEDIATE, which already does; the statement
/// keeps that true whatever the driver's default). A transaction that holds more than one takes them in the order
/// declared here, so two transactions never wait on each other.
/// </summary>
internal sealed class WriteLock
{
    /// <summary>Coverage regressions recorded from one change ("TSRG" in ASCII).</summary>
    public static readonly WriteLock CoverageRegressions = new(1414746695, "UPDATE coverage_regressions SET \"Id\" = \"Id\" WHERE 0");

    /// <summary>Validation results recorded by an import or the API ("TSVR" in ASCII).</summary>
    public static readonly WriteLock ValidationRuns = new(1414747730, "UPDATE validation_runs SET \"Id\" = \"Id\" WHERE 0");

    /// <summary>
    /// Data sources added by hand or by an import, checked by name, platform and environment ("TSDS" in ASCII): two
    /// imports of one file would both find its entries new and the second fail on the unique index.
    /// </summary>
    public static readonly WriteLock DataSources = new(1414743123, "UPDATE data_sources SET \"Id\" = \"Id\" WHERE 0");

    /// <summary>
    /// Detection rules created by an import or by hand, checked by source and external id ("TSRU" in ASCII): two imports
    /// of one batch would both find its rules new and the second fail on the unique index.
    /// </summary>
    public static readonly WriteLock Rules = new(1414746709, "UPDATE detection_rules SET \"Id\" = \"Id\" WHERE 0");

    /// <summary>Exposure imports, upserts by key ("TSEX" in ASCII).</summary>
    public static readonly WriteLock ExposureImports = new(1414743384, "UPDATE exposures SET \"Id\" = \"Id\" WHERE 0");

    private readonly string _sqliteNoOp;

    private WriteLock(long key, string sqliteNoOp) => (Key, _sqliteNoOp) = (key, sqliteNoOp);

    /// <summary>The advisory lock key: any fixed number unique among the product's advisory locks.</summary>
    public long Key { get; }

    public async Task HoldAsync(TesseraDbContext db, CancellationToken ct)
    {
        if (db is PostgresTesseraDbContext)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({Key})", ct);
        }
        else
        {
            await db.Database.ExecuteSqlRawAsync(_sqliteNoOp, ct);
        }
    }
}
