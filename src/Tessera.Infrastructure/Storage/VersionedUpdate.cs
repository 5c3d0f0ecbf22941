using Microsoft.EntityFrameworkCore;
using Tessera.Core.Storage;
using Tessera.Infrastructure.Storage.Entities;

namespace Tessera.Infrastructure.Storage;

/// <summary>
/// The optimistic-concurrency update every versioned entity uses: load the row, pin the version the caller read
/// as the original value (so the UPDATE's WHERE checks it), apply changes, save.
/// </summary>
public static class VersionedUpdate
{
    /// <summary>
    /// Returns <see cref="SaveStatus.Saved"/> with the updated entity (version incremented),
    /// <see cref="SaveStatus.Conflict"/> when the stored version differs from <paramref name="expectedVersion"/>
    /// or changes before the save, <see cref="SaveStatus.NotFound"/>, or <see cref="SaveStatus.Duplicate"/> when the
    /// change breaks a unique index.
    /// </summary>
    public static async Task<(SaveStatus Status, TEntity? Entity)> ApplyAsync<TEntity>(
        TesseraDbContext db, object key, long expectedVersion, Action<TEntity> apply, CancellationToken ct)
        where TEntity : class, IVersionedEntity
    {
        var entity = await db.Set<TEntity>().FindAsync([key], ct);
        if (entity is null)
        {
            return (SaveStatus.NotFound, null);
        }

        db.Entry(entity).Property(e => e.Version).OriginalValue = expectedVersion;
        apply(entity);
        db.Entry(entity).State = EntityState.Modified;
        try
        {
            await db.SaveChangesAsync(ct);
            return (SaveStatus.Saved, entity);
        }
        catch (DbUpdateConcurrencyException)
        {
            return (SaveStatus.Conflict, null);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            return (SaveStatus.Duplicate, null);
        }
    }
}
