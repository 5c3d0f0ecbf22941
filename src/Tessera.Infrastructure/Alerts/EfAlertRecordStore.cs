using Microsoft.EntityFrameworkCore;
using Tessera.Core.Alerts;
using Tessera.Core.Alerts.Triage;
using Tessera.Core.Storage;
using Tessera.Core.Text;
using Tessera.Infrastructure.Storage;

namespace Tessera.Infrastructure.Alerts;

/// <summary>EF Core <see cref="IAlertRecordStore"/>; IDs are ascending, so "newest first" is ID order on both providers.</summary>
public sealed class EfAlertRecordStore(IDbContextFactory<TesseraDbContext> contexts, TimeProvider time) : IAlertRecordStore
{
    public async Task<IReadOnlyList<AlertRecord>> AddAsync(IReadOnlyList<NewAlertRecord> alerts, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var rows = alerts.Select(a => new AlertRecordEntity
        {
            ExternalId = PlainText.Cut(a.Alert.Id, 200),
            Source = PlainText.Cut(a.Alert.Source, 64),
            Format = a.Alert.Shape.ToString(),
            Title = a.Alert.Title,
            SearchText = PlainText.Cut(a.Alert.Title, AlertRecordConfiguration.SearchChars).ToLowerInvariant(),
            RawJson = PlainText.Cut(a.RawJson, NewAlertRecord.MaxRawJsonChars),
            RawTruncated = a.RawJson.Length > NewAlertRecord.MaxRawJsonChars,
            ReceivedAt = now,
            MappingJson = a.MappingJson,
            State = TriageState.New.ToString(),
        }).ToList();
        await using var db = contexts.CreateDbContext();
        db.AddRange(rows);
        await db.SaveChangesAsync(ct);
        return rows.ConvertAll(ToRecord);
    }

    public async Task<AlertRecord?> GetAsync(long id, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var row = await db.Set<AlertRecordEntity>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        return row is null ? null : ToRecord(row);
    }

    public async Task<AlertRecordPage> QueryAsync(AlertRecordQuery query, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(query.Skip);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Take, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Take, AlertRecordQuery.MaxTake);
        await using var db = contexts.CreateDbContext();
        var rows = db.Set<AlertRecordEntity>().AsNoTracking();
        if (query.State is { } state)
        {
            var name = state.ToString();
            rows = rows.Where(a => a.State == name);
        }

        if (!string.IsNullOrWhiteSpace(query.Source))
        {
            var source = query.Source.Trim();
            rows = rows.Where(a => a.Source == source);
        }

        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var text = query.Text.Trim().ToLowerInvariant();
            rows = rows.Where(a => a.SearchText.Contains(text));
        }

        var total = await rows.CountAsync(ct);
        var page = await rows.OrderByDescending(a => a.Id).Skip(query.Skip).Take(query.Take).ToListAsync(ct);
        return new AlertRecordPage(page.ConvertAll(ToRecord), total);
    }

    public async Task<SaveResult<AlertRecord>> SetTriageAsync(long id, long expectedVersion, TriageState state, string analyst, string mappingJson,
        CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var (status, row) = await VersionedUpdate.ApplyAsync<AlertRecordEntity>(db, id, expectedVersion, r =>
        {
            r.State = state.ToString();
            r.TriagedBy = PlainText.Cut(analyst, 200);
            r.TriagedAt = time.GetUtcNow();
            r.MappingJson = mappingJson;
        }, ct);
        return status switch
        {
            SaveStatus.Saved => SaveResult<AlertRecord>.Saved(ToRecord(row!)),
            SaveStatus.NotFound => SaveResult<AlertRecord>.NotFound($"no alert {id}"),
            _ => SaveResult<AlertRecord>.Conflict($"alert {id} was decided by someone else since version {expectedVersion}; reload it"),
        };
    }

    public async Task<bool> SetMappingAsync(long id, long version, string mappingJson, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        // A set-based update bypasses the change tracker, so the version stays: the WHERE is the concurrency check.
        return await db.Set<AlertRecordEntity>().Where(a => a.Id == id && a.Version == version)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.MappingJson, mappingJson), ct) == 1;
    }

    public async Task<SaveResult<AlertRecord>> RestoreTriageAsync(AlertRecord previous, long expectedVersion, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var (status, row) = await VersionedUpdate.ApplyAsync<AlertRecordEntity>(db, previous.Id, expectedVersion, r =>
        {
            r.State = previous.State.ToString();
            r.TriagedBy = previous.TriagedBy;
            r.TriagedAt = previous.TriagedAt;
            r.MappingJson = previous.MappingJson;
        }, ct);
        return status switch
        {
            SaveStatus.Saved => SaveResult<AlertRecord>.Saved(ToRecord(row!)),
            SaveStatus.NotFound => SaveResult<AlertRecord>.NotFound($"no alert {previous.Id}"),
            _ => SaveResult<AlertRecord>.Conflict($"alert {previous.Id} was decided by someone else since version {expectedVersion}"),
        };
    }

    private static AlertRecord ToRecord(AlertRecordEntity e) => new()
    {
        Id = e.Id,
        ExternalId = e.ExternalId,
        Source = e.Source,
        Format = Enum.TryParse<AlertShape>(e.Format, out var f) ? f : AlertShape.Generic,
        Title = e.Title,
        RawJson = e.RawJson,
        RawTruncated = e.RawTruncated,
        ReceivedAt = e.ReceivedAt,
        MappingJson = e.MappingJson,
        State = Enum.TryParse<TriageState>(e.State, out var s) ? s : TriageState.New,
        TriagedBy = e.TriagedBy,
        TriagedAt = e.TriagedAt,
        Version = e.Version,
    };
}
