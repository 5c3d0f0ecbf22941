using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Tessera.Infrastructure.Storage;

/// <summary>
/// Lets <c>dotnet ef migrations add X --context SqliteTesseraDbContext --output-dir Migrations/Sqlite</c> build the
/// context without a running server. The connection string is never opened when adding a migration.
/// </summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteTesseraDbContext>
{
    public SqliteTesseraDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteTesseraDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>Design-time factory for the PostgreSQL migrations (see <see cref="SqliteDesignTimeFactory"/>).</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresTesseraDbContext>
{
    public PostgresTesseraDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresTesseraDbContext>().UseNpgsql("Host=localhost;Database=tessera_design").Options);
}
