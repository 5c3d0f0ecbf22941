using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Infrastructure;
using Tessera.Infrastructure.Storage;

namespace Tessera.Cli.Tests;

/// <summary>
/// Creates and migrates a SQLite database the way <c>tessera serve</c> does, for tests of verbs that only read (they
/// refuse a database file that does not exist rather than creating an empty one).
/// </summary>
public static class EmptyDatabase
{
    public static async Task<string> CreateAsync(string file)
    {
        await using var services = new ServiceCollection().AddTesseraStorage(StorageOptions.Sqlite(file)).BuildServiceProvider();
        await StorageInitializer.MigrateAsync(services.GetRequiredService<IDbContextFactory<TesseraDbContext>>(), TestContext.Current.CancellationToken);
        return file;
    }
}
