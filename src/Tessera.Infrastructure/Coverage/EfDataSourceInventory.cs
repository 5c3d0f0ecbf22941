using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tessera.Core.Coverage;
using Tessera.Core.Detection;
using Tessera.Core.Storage;
using Tessera.Infrastructure.Storage;

namespace Tessera.Infrastructure.Coverage;

public sealed class EfDataSourceInventory(IDbContextFactory<TesseraDbContext> contexts, TimeProvider time) : IDataSourceInventory
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<DataSourceEntry>> ListAsync(CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var rows = await db.Set<DataSourceEntity>().AsNoTracking().OrderBy(d => d.Name).ThenBy(d => d.Platform).ThenBy(d => d.Environment).ToListAsync(ct);
        return rows.ConvertAll(ToEntry);
    }

    public async Task<DataSourceEntry?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var row = await db.Set<DataSourceEntity>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);
        return row is null ? null : ToEntry(row);
    }

    public async Task<SaveResult<DataSourceEntry>> AddAsync(DataSourceEntry entry, string? actor, CancellationToken ct)
    {
        if (!entry.Quality.IsValid)
        {
            return SaveResult<DataSourceEntry>.Invalid("quality scores must be 0..100");
        }

        await using var db = contexts.CreateDbContext();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Held from before the check, as imports hold it, so an import running beside this add never fails on its insert.
        await WriteLock.DataSources.HoldAsync(db, ct);
        if (await db.Set<DataSourceEntity>().AnyAsync(d => d.Name == entry.Name && d.Platform == entry.Platform && d.Environment == entry.Environment, ct))
        {
            return SaveResult<DataSourceEntry>.Duplicate($"'{entry.Name}' is already inventoried for {entry.Platform}/{entry.Environment}");
        }

        var entity = Add(db, entry, actor, time.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            return SaveResult<DataSourceEntry>.Duplicate($"'{entry.Name}' is already inventoried for {entry.Platform}/{entry.Environment}");
        }

        return SaveResult<DataSourceEntry>.Saved(ToEntry(entity));
    }

    /// <summary>
    /// Adds, in the caller's transaction (which the caller saves and commits), the <paramref name="entries"/> not yet
    /// inventoried and not repeated earlier in the list; returns how many were added and skipped. Holds
    /// <see cref="WriteLock.DataSources"/> from before the inventory is read, so concurrent imports of one file add each
    /// entry once. Throws <see cref="ArgumentException"/> for quality outside 0..100.
    /// </summary>
    internal static async Task<(int Added, int Skipped)> AddNewAsync(
        TesseraDbContext db, IReadOnlyList<DataSourceEntry> entries, string? actor, DateTimeOffset now, CancellationToken ct)
    {
        if (entries.FirstOrDefault(e => !e.Quality.IsValid) is { } invalid)
        {
            throw new ArgumentException($"the quality scores of '{invalid.Name}' ({invalid.Platform}/{invalid.Environment}) must be 0..100", nameof(entries));
        }

        await WriteLock.DataSources.HoldAsync(db, ct);
        var names = entries.Select(e => e.Name).Distinct().ToList();
        var present = (await db.Set<DataSourceEntity>().AsNoTracking().Where(d => names.Contains(d.Name))
                .Select(d => new { d.Name, d.Platform, d.Environment }).ToListAsync(ct))
            .Select(d => (d.Name, d.Platform, d.Environment)).ToHashSet();
        var added = 0;
        foreach (var entry in entries)
        {
            if (present.Add((entry.Name, entry.Platform, entry.Environment)))
            {
                Add(db, entry, actor, now);
                added++;
            }
        }

        return (added, entries.Count - added);
    }

    private static DataSourceEntity Add(TesseraDbContext db, DataSourceEntry entry, string? actor, DateTimeOffset now)
    {
        var entity = new DataSourceEntity
        {
            Id = entry.Id,
            Name = entry.Name,
            Platform = entry.Platform,
            Environment = entry.Environment,
            DataComponentsText = string.Join('|', entry.DataComponents.Select(c => c.Trim().ToUpperInvariant())),
            LogSourcesJson = JsonSerializer.Serialize(entry.LogSources, Json),
            Ingested = entry.Ingested,
            Normalized = entry.Normalized,
            Queryable = entry.Queryable,
            RegisteredOn = entry.RegisteredOn,
            ConnectedOn = entry.ConnectedOn,
            Completeness = entry.Quality.Completeness,
            Timeliness = entry.Quality.Timeliness,
            Retention = entry.Quality.Retention,
            Status = entry.Status.ToString(),
            StatusChangedAt = entry.StatusChangedAt ?? now,
        };
        db.Add(entity);
        db.Add(new DataSourceEventEntity { DataSourceId = entry.Id, Status = entity.Status, At = entity.StatusChangedAt.Value, Reason = "registered", Actor = actor });
        return entity;
    }

    public async Task<SaveResult<DataSourceEntry>> ChangeStatusAsync(
        Guid id, long expectedVersion, DataSourceStatus status, DateTimeOffset at, string reason, string? actor, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var (result, entity) = await VersionedUpdate.ApplyAsync<DataSourceEntity>(db, id, expectedVersion, e =>
        {
            e.Status = status.ToString();
            e.StatusChangedAt = at;
            db.Add(new DataSourceEventEntity { DataSourceId = id, Status = e.Status, At = at, Reason = reason.Length > 1000 ? reason[..1000] : reason, Actor = actor });
        }, ct);
        return result switch
        {
            SaveStatus.Saved => SaveResult<DataSourceEntry>.Saved(ToEntry(entity!)),
            SaveStatus.NotFound => SaveResult<DataSourceEntry>.NotFound($"no data source {id}"),
            _ => SaveResult<DataSourceEntry>.Conflict("the data source changed since you read it; reload and try again"),
        };
    }

    public async Task<IReadOnlyList<DataSourceEvent>> EventsAsync(Guid id, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var rows = await db.Set<DataSourceEventEntity>().AsNoTracking().Where(e => e.DataSourceId == id).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct);
        return rows.ConvertAll(e => new DataSourceEvent(e.Id, e.DataSourceId, Enum.Parse<DataSourceStatus>(e.Status), e.At, e.Reason, e.Actor));
    }

    private static DataSourceEntry ToEntry(DataSourceEntity e) => new()
    {
        Id = e.Id,
        Name = e.Name,
        Platform = e.Platform,
        Environment = e.Environment,
        DataComponents = e.DataComponentsText.Split('|', StringSplitOptions.RemoveEmptyEntries),
        LogSources = JsonSerializer.Deserialize<List<LogSourceRequirement>>(e.LogSourcesJson, Json) ?? [],
        Ingested = e.Ingested,
        Normalized = e.Normalized,
        Queryable = e.Queryable,
        RegisteredOn = e.RegisteredOn,
        ConnectedOn = e.ConnectedOn,
        Quality = new DataQuality(e.Completeness, e.Timeliness, e.Retention),
        Status = Enum.Parse<DataSourceStatus>(e.Status),
        StatusChangedAt = e.StatusChangedAt,
        Version = e.Version,
    };
}
