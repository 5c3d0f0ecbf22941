using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Tessera.Infrastructure.Storage;

/// <summary>SQLite flavour of <see cref="TesseraDbContext"/>; its migrations live in Migrations/Sqlite.</summary>
public sealed class SqliteTesseraDbContext(DbContextOptions<SqliteTesseraDbContext> options) : TesseraDbContext(options)
{
    public override StorageProvider Provider => StorageProvider.Sqlite;

    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);
        // One observable per incident, kind and value (see IncidentObservableConfiguration). SQLite has no key size limit,
        // so the value itself is indexed; PostgreSQL's migration indexes an md5 of it instead.
        model.Entity<Incidents.IncidentObservableEntity>().HasIndex(x => new { x.IncidentId, x.Kind, x.Value }).IsUnique();
    }

    // SQLite keeps DateTimeOffset as text, which EF cannot compare or sort in SQL. UTC ticks in an INTEGER
    // sort and compare correctly (the offset is dropped: every timestamp we store is UTC anyway).
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}
