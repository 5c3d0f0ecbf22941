using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Tessera.Core.Exposures;

namespace Tessera.Infrastructure.Tests.Exposures;

/// <summary>The scan the exposure storage tests share, and helpers to read it and find one stored exposure.</summary>
internal static class ExposureTestData
{
    // Real CISA KEV CVEs that the CTID KEV mappings cover (Citrix Bleed, MOVEit, Log4Shell) plus a misconfiguration.
    public const string Scan = """
        id,cve,asset,severity,title,techniques
        F-1,CVE-2023-4966,vpn-01,critical,Citrix Bleed,
        F-2,CVE-2023-34362,mft-01,9.8,MOVEit Transfer SQL injection,
        F-3,CVE-2021-44228,app-01,high,Log4Shell,T1190
        M-1,,dc-01,medium,SMB signing disabled,T1557.001
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static IReadOnlyList<Exposure> Read(string csv)
    {
        var result = ExposureImporter.ReadCsv(Encoding.UTF8.GetBytes(csv), "scan.csv");
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Exposures;
    }

    /// <summary>A fresh database with <see cref="Scan"/> imported by "analyst" from scan.csv.</summary>
    public static async Task<(TestDatabase Test, IExposureStore Store)> ImportedAsync(StorageProvider provider)
    {
        var test = await TestDatabase.CreateAsync(provider);
        var store = test.Get<IExposureStore>();
        await store.ImportAsync(Read(Scan), "analyst", "scan.csv", Ct);
        return (test, store);
    }

    /// <summary>A valid acceptance end day: 90 days after the test clock's today.</summary>
    public static DateOnly InNinetyDays(TestDatabase test) => ExposureStatusRules.Today(test.Time.GetUtcNow()).AddDays(90);

    public static async Task<StoredExposure> Single(IExposureStore store, string cve) =>
        Assert.Single(await store.ListAsync(new ExposureQuery { Cve = cve }, Ct));

    /// <summary>
    /// Migrates an unmigrated database to the migration before the one named <paramref name="migration"/>, inserts a Log4Shell
    /// row on app-01 with the columns every version has, and returns its ID.
    /// </summary>
    public static async Task<Guid> InsertBeforeMigrationAsync(TestDatabase test, StorageProvider provider, string migration)
    {
        var id = Guid.CreateVersion7();
        await using var db = test.CreateContext();
        var migrations = db.Database.GetMigrations().ToList();
        var previous = migrations[migrations.FindIndex(m => m.EndsWith("_" + migration, StringComparison.Ordinal)) - 1];
        await db.GetService<IMigrator>().MigrateAsync(previous, Ct);
        // EF stores GUIDs as upper-case text on SQLite and as uuid on PostgreSQL.
        object key = provider == StorageProvider.Sqlite ? id.ToString().ToUpperInvariant() : id;
        var imported = new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.Zero);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO exposures ("Id", "Key", "ExternalId", "Kind", "Cve", "Asset", "Severity", "Title", "ImportedTechniques", "FirstImported", "LastImported")
            VALUES ({key}, 'app-01|CVE-2021-44228', 'F-3', 'Vulnerability', 'CVE-2021-44228', 'app-01', 3, 'Log4Shell', '', {imported}, {imported})
            """, Ct);
        return id;
    }
}
