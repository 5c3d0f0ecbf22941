namespace Tessera.Infrastructure.Storage.Entities;

/// <summary>
/// Optimistic concurrency on both providers: <see cref="Version"/> is a concurrency token that
/// <see cref="TesseraDbContext"/> increments on every update, so EF adds <c>WHERE Version = @original</c> and a
/// second writer holding a stale version updates no row and gets a DbUpdateConcurrencyException.
/// (Postgres' xmin would only work there; SQLite has no row version.)
/// </summary>
public interface IVersionedEntity
{
    long Version { get; set; }
}
