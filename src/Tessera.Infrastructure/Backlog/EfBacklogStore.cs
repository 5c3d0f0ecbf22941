using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Core.Attack;
using Tessera.Core.Backlog;
using Tessera.Core.Storage;
using Tessera.Core.Text;
using Tessera.Infrastructure.Storage;

namespace Tessera.Infrastructure.Backlog;

public sealed class EfBacklogStore(IDbContextFactory<TesseraDbContext> contexts, TimeProvider time) : IBacklogStore
{
    public async Task<BacklogPage> QueryAsync(BacklogQuery query, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var rows = db.Set<BacklogItemEntity>().AsNoTracking();
        if (query.States is { Count: > 0 } states)
        {
            var names = states.Select(s => s.ToString()).ToList();
            rows = rows.Where(r => names.Contains(r.State));
        }

        if (query.Reason is { } reason)
        {
            var name = reason.ToString();
            rows = rows.Where(r => r.Reason == name);
        }

        if (!string.IsNullOrWhiteSpace(query.Owner))
        {
            var owner = query.Owner.Trim().ToLower();
            rows = rows.Where(r => r.Owner != null && r.Owner.ToLower() == owner);
        }

        if (!string.IsNullOrWhiteSpace(query.Technique))
        {
            var prefix = query.Technique.Trim().ToUpperInvariant();
            rows = rows.Where(r => r.TechniqueId.StartsWith(prefix));
        }

        var total = await rows.CountAsync(ct);
        var page = await rows.OrderBy(r => r.TechniqueId).ThenBy(r => r.Reason)
            .Skip(Math.Max(0, query.Skip)).Take(Math.Clamp(query.Take, 1, BacklogQuery.MaxTake)).ToListAsync(ct);
        return new BacklogPage(page.ConvertAll(ToItem), total);
    }

    public async Task<BacklogItem?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        return await db.Set<BacklogItemEntity>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) is { } row ? ToItem(row) : null;
    }

    public async Task<IReadOnlyList<BacklogItem>> ListAllAsync(CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        return (await db.Set<BacklogItemEntity>().AsNoTracking().ToListAsync(ct)).ConvertAll(ToItem);
    }

    public async Task<BacklogPlan> ApplyAsync(BacklogPlan plan, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var created = new List<BacklogItem>();
        foreach (var item in plan.Create)
        {
            // One insert each: a unique-key clash (another instance created it first) skips that item only.
            var entity = ToEntity(item);
            db.Add(entity);
            try
            {
                await db.SaveChangesAsync(ct);
                created.Add(ToItem(entity));
            }
            catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
            {
            }

            db.ChangeTracker.Clear();
        }

        return new BacklogPlan(created, await UpdateAllAsync(db, plan.Reopen, ct), await UpdateAllAsync(db, plan.Close, ct));
    }

    private static async Task<List<BacklogItem>> UpdateAllAsync(TesseraDbContext db, IReadOnlyList<BacklogItem> items, CancellationToken ct)
    {
        var saved = new List<BacklogItem>();
        foreach (var item in items)
        {
            var (status, entity) = await VersionedUpdate.ApplyAsync<BacklogItemEntity>(db, item.Id, item.Version, e =>
            {
                e.State = item.State.ToString();
                e.ClosedAt = item.ClosedAt;
                e.Detail = PlainText.Cut(item.Detail, 1000);
                e.UpdatedAt = item.UpdatedAt;
            }, ct);
            if (status == SaveStatus.Saved)
            {
                saved.Add(ToItem(entity!));
            }

            db.ChangeTracker.Clear();
        }

        return saved;
    }

    public async Task<SaveResult<BacklogItem>> EditAsync(Guid id, long expectedVersion, BacklogEdit edit, CancellationToken ct)
    {
        if (edit.Validate() is { Count: > 0 } errors)
        {
            return SaveResult<BacklogItem>.Invalid(string.Join("; ", errors));
        }

        var now = time.GetUtcNow();
        await using var db = contexts.CreateDbContext();
        var (status, entity) = await VersionedUpdate.ApplyAsync<BacklogItemEntity>(db, id, expectedVersion, e =>
        {
            e.Owner = edit.ClearOwner ? null : string.IsNullOrWhiteSpace(edit.Owner) ? e.Owner : edit.Owner.Trim();
            e.DueOn = edit.ClearDueOn ? null : edit.DueOn ?? e.DueOn;
            e.Note = edit.Note is null ? e.Note : edit.Note.Trim().Length == 0 ? null : edit.Note.Trim();
            if (edit.State is { } state && state.ToString() != e.State)
            {
                e.State = state.ToString();
                e.ClosedAt = state == BacklogState.Done ? now : null;
            }

            e.UpdatedAt = now;
        }, ct);
        return status switch
        {
            SaveStatus.Saved => SaveResult<BacklogItem>.Saved(ToItem(entity!)),
            SaveStatus.NotFound => SaveResult<BacklogItem>.NotFound($"No backlog item {id}."),
            _ => SaveResult<BacklogItem>.Conflict($"Backlog item {id} was changed by someone else; reload it and edit again."),
        };
    }

    private static BacklogItemEntity ToEntity(BacklogItem i) => new()
    {
        Id = i.Id, TechniqueId = i.Technique.Value, TechniqueName = PlainText.Cut(i.TechniqueName, 300), Reason = i.Reason.ToString(), Owner = i.Owner,
        DueOn = i.DueOn, State = i.State.ToString(), Note = i.Note, Detail = PlainText.Cut(i.Detail, 1000), CreatedAt = i.CreatedAt, UpdatedAt = i.UpdatedAt, ClosedAt = i.ClosedAt,
    };

    private static BacklogItem ToItem(BacklogItemEntity e) => new()
    {
        Id = e.Id, Technique = TechniqueId.Parse(e.TechniqueId), TechniqueName = e.TechniqueName, Reason = Enum.Parse<BacklogReason>(e.Reason),
        Owner = e.Owner, DueOn = e.DueOn, State = Enum.Parse<BacklogState>(e.State), Note = e.Note, Detail = e.Detail,
        CreatedAt = e.CreatedAt, UpdatedAt = e.UpdatedAt, ClosedAt = e.ClosedAt, Version = e.Version,
    };
}

internal sealed class BacklogItemConfiguration : IEntityTypeConfiguration<BacklogItemEntity>
{
    public void Configure(EntityTypeBuilder<BacklogItemEntity> e)
    {
        e.ToTable("backlog_items");
        e.HasKey(x => x.Id);
        e.Property(x => x.TechniqueId).HasMaxLength(16);
        e.Property(x => x.TechniqueName).HasMaxLength(300);
        e.Property(x => x.Reason).HasMaxLength(16);
        // The "never duplicated" rule, enforced by the database across instances.
        e.HasIndex(x => new { x.TechniqueId, x.Reason }).IsUnique();
        e.Property(x => x.Owner).HasMaxLength(BacklogEdit.MaxOwnerLength);
        e.HasIndex(x => x.Owner);
        e.Property(x => x.State).HasMaxLength(32);
        e.HasIndex(x => x.State);
        e.Property(x => x.Note).HasMaxLength(BacklogEdit.MaxNoteLength);
        e.Property(x => x.Detail).HasMaxLength(1000);
        e.Property(x => x.Version).IsConcurrencyToken();
    }
}
