using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Tessera.Infrastructure.Storage;

/// <summary>PostgreSQL flavour of <see cref="TesseraDbContext"/>; its migrations live in Migrations/Postgres.</summary>
public sealed class PostgresTesseraDbContext(DbContextOptions<PostgresTesseraDbContext> options) : TesseraDbContext(options)
{
    public override StorageProvider Provider => StorageProvider.Postgres;

    // timestamptz only accepts offset 0 from Npgsql; normalise instead of failing on a local-time value.
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<ToUtcConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<ToUtcConverter>();
    }

    private sealed class ToUtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
        v => v.ToUniversalTime(),
        v => v);
}
