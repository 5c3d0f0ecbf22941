using System.Buffers.Binary;
using System.Text;
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
    /// <summary>Coverage regressions recorded from one change.</summary>
    public static readonly WriteLock CoverageRegressions = new("TSRG", "coverage_regressions");

    /// <summary>Validation results recorded by an import or the API.</summary>
    public static readonly WriteLock ValidationRuns = new("TSVR", "validation_runs");

    /// <summary>
    /// Data sources added by hand or by an import, checked by name, platform and environment: two
    /// imports of one file would both find its entries new and the second fail on the unique index.
    /// </summary>
    public static readonly WriteLock DataSources = new("TSDS", "data_sources");

    /// <summary>
    /// Detection rules created by an import or by hand, checked by source and external id: two imports
    /// of one batch would both find its rules new and the second fail on the unique index.
    /// </summary>
    public static readonly WriteLock Rules = new("TSRU", "detection_rules");

    /// <summary>Exposure imports, upserts by key.</summary>
    public static readonly WriteLock ExposureImports = new("TSEX", "exposures");

    private readonly string _sqliteNoOp;

    /// <param name="tag">Four ASCII letters whose bytes are the advisory lock key, unique among the product's locks.</param>
    /// <param name="table">A table of the write, touched (never changed) by the SQLite statement.</param>
    private WriteLock(string tag, string table) =>
        (Key, _sqliteNoOp) = (BinaryPrimitives.ReadInt32BigEndian(Encoding.ASCII.GetBytes(tag)), $"UPDATE {table} SET \"Id\" = \"Id\" WHERE 0");

    /// <summary>The advisory lock key.</summary>
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
