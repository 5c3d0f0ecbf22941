using Microsoft.EntityFrameworkCore;
using Tessera.Core.Runbooks;
using Tessera.Core.Storage;
using Tessera.Infrastructure.Storage;

namespace Tessera.Infrastructure.Runbooks;

public sealed class EfRunbookStore(IDbContextFactory<TesseraDbContext> contexts, TimeProvider time) : IRunbookStore
{
    public async Task<IReadOnlyList<RunbookEntry>> ListAsync(RunbookScope? scope, string? target, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var rows = db.Set<RunbookEntity>().AsNoTracking();
        if (scope is { } s)
        {
            var text = s.ToString();
            rows = rows.Where(r => r.Scope == text);
        }

        if (target is not null && scope is { } known)
        {
            var normalized = Normalize(known, target);
            rows = rows.Where(r => r.Target == normalized);
        }

        return (await rows.OrderBy(r => r.Target).ThenBy(r => r.Title).ToListAsync(ct)).ConvertAll(ToEntry);
    }

    public async Task<RunbookEntry?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        return await db.Set<RunbookEntity>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) is { } row ? ToEntry(row) : null;
    }

    public async Task<SaveResult<RunbookEntry>> CreateAsync(RunbookEntry entry, string by, CancellationToken ct)
    {
        entry = entry with { Target = Normalize(entry.Scope, entry.Target) };
        if (entry.Validate() is { Count: > 0 } problems)
        {
            return SaveResult<RunbookEntry>.Invalid(string.Join("; ", problems));
        }

        var row = new RunbookEntity
        {
            Id = entry.Id == Guid.Empty ? Guid.CreateVersion7(time.GetUtcNow()) : entry.Id, Scope = entry.Scope.ToString(), Target = entry.Target,
            Title = entry.Title.Trim(), Markdown = entry.Markdown, Owner = entry.Owner.Trim(), UpdatedBy = by, UpdatedAt = time.GetUtcNow(),
        };
        await using var db = contexts.CreateDbContext();
        db.Set<RunbookEntity>().Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
            return SaveResult<RunbookEntry>.Saved(ToEntry(row));
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            return SaveResult<RunbookEntry>.Duplicate($"A runbook with id {row.Id} exists already.");
        }
    }

    public async Task<SaveResult<RunbookEntry>> UpdateAsync(RunbookEntry entry, long expectedVersion, string by, CancellationToken ct)
    {
        entry = entry with { Target = Normalize(entry.Scope, entry.Target) };
        if (entry.Validate() is { Count: > 0 } problems)
        {
            return SaveResult<RunbookEntry>.Invalid(string.Join("; ", problems));
        }

        await using var db = contexts.CreateDbContext();
        var (status, row) = await VersionedUpdate.ApplyAsync<RunbookEntity>(db, entry.Id, expectedVersion, r =>
        {
            r.Scope = entry.Scope.ToString();
            r.Target = entry.Target;
            r.Title = entry.Title.Trim();
            r.Markdown = entry.Markdown;
            r.Owner = entry.Owner.Trim();
            r.UpdatedBy = by;
            r.UpdatedAt = time.GetUtcNow();
        }, ct);
        return status switch
        {
            SaveStatus.Saved => SaveResult<RunbookEntry>.Saved(ToEntry(row!)),
            SaveStatus.NotFound => SaveResult<RunbookEntry>.NotFound($"No runbook {entry.Id}."),
            _ => SaveResult<RunbookEntry>.Conflict($"Runbook {entry.Id} changed since version {expectedVersion}; reload and reapply your edit."),
        };
    }

    public async Task<SaveResult<RunbookEntry>> DeleteAsync(Guid id, long expectedVersion, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var current = await db.Set<RunbookEntity>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (current is null)
        {
            return SaveResult<RunbookEntry>.NotFound($"No runbook {id}.");
        }

        // The version in the WHERE makes check-and-delete one statement: an edit saved in between wins.
        var deleted = await db.Set<RunbookEntity>().Where(r => r.Id == id && r.Version == expectedVersion).ExecuteDeleteAsync(ct);
        return deleted == 1
            ? SaveResult<RunbookEntry>.Saved(ToEntry(current))
            : SaveResult<RunbookEntry>.Conflict($"Runbook {id} changed since version {expectedVersion}; reload before deleting.");
    }

    // Technique IDs upper-case (t1059.001 → T1059.001), tactic names lower-case, so lookups match however they were typed.
    private static string Normalize(RunbookScope scope, string target) =>
        scope == RunbookScope.Technique ? target.Trim().ToUpperInvariant() : target.Trim().ToLowerInvariant();

    private static RunbookEntry ToEntry(RunbookEntity r) => new()
    {
        Id = r.Id, Scope = Enum.Parse<RunbookScope>(r.Scope), Target = r.Target, Title = r.Title, Markdown = r.Markdown, Owner = r.Owner,
        UpdatedBy = r.UpdatedBy, Updated = r.UpdatedAt, Version = r.Version,
    };
}
