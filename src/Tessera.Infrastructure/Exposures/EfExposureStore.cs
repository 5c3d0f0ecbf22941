using Microsoft.EntityFrameworkCore;
using Tessera.Core.Attack;
using Tessera.Core.Exposures;
using Tessera.Core.Storage;
using Tessera.Infrastructure.Storage;

namespace Tessera.Infrastructure.Exposures;

public sealed class EfExposureStore(IDbContextFactory<TesseraDbContext> contexts, TimeProvider time) : IExposureStore
{
    public async Task<ExposureStoreSummary> ImportAsync(IReadOnlyList<Exposure> exposures, string by, string? source, CancellationToken ct)
    {
        var byKey = new Dictionary<string, Exposure>(StringComparer.Ordinal);
        foreach (var exposure in exposures)
        {
            if (!byKey.TryAdd(ExposureKey.Of(exposure), exposure))
            {
                throw new ArgumentException($"two exposures share the key '{ExposureKey.Of(exposure)}'", nameof(exposures));
            }
        }

        // Concurrent imports run one after another (TryImportAsync's write lock); an instance of a version without that
        // lock may still insert the same new key between our read and our insert: the second try sees it.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryImportAsync(byKey, by, source, ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // An analyst changed a status between our read and our save (the status version is a concurrency token, so
                // nothing was written): read again and apply the scan to what they left.
            }
            catch (DbUpdateException ex) when (attempt == 1 && DbErrors.IsUniqueViolation(ex))
            {
            }
        }
    }

    private async Task<ExposureStoreSummary> TryImportAsync(Dictionary<string, Exposure> byKey, string by, string? source, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Held from before the read until the commit: two imports of new keys would otherwise both find them new and
        // insert them at once, which PostgreSQL answered with a deadlock on the key index (a 500) and SQLite with counts
        // read before the other import's rows landed.
        await WriteLock.ExposureImports.HoldAsync(db, ct);
        var set = db.Set<ExposureEntity>();
        var keys = byKey.Keys.ToList();
        var existing = await set.Where(x => keys.Contains(x.Key)).ToDictionaryAsync(x => x.Key, StringComparer.Ordinal, ct);
        var before = await set.CountAsync(ct);
        var now = time.GetUtcNow();
        int added = 0, updated = 0;
        var reopened = new List<(StoredExposure Before, ExposureEntity Row)>();
        foreach (var (key, exposure) in byKey)
        {
            if (!existing.TryGetValue(key, out var row))
            {
                row = new ExposureEntity
                {
                    Id = Guid.CreateVersion7(now), Key = key, ExternalId = "", Kind = "", Asset = "", Title = "", ImportedTechniques = "",
                    FirstImported = now,
                };
                set.Add(row);
                added++;
            }
            else if (row.Status == nameof(ExposureStatus.Resolved))
            {
                // The scan still sees it, so the fix did not hold. Accepted risks stay accepted: acceptance outlives scans.
                reopened.Add((ToStored(row, []), row));
                SetStatus(row, ExposureStatus.Open, ExposureStatusRules.ReopenReason(source), null, by, now);
            }
            else if (row is { Status: nameof(ExposureStatus.Accepted), AcceptedUntil: { } until } && ExposureStatusRules.HasEnded(until, now))
            {
                // An expired acceptance already counts as open; storing it open lets the next import find nothing to change.
                reopened.Add((ToStored(row, []), row));
                SetStatus(row, ExposureStatus.Open, ExposureStatusRules.ReopenReason(source, until), null, by, now);
            }
            else if (SameValues(row, exposure))
            {
                continue;
            }
            else
            {
                updated++;
            }

            Apply(row, exposure);
            row.LastImported = now;
            row.ImportedBy = by;
        }

        // Every insert and update in one transaction: all or nothing.
        await db.SaveChangesAsync(ct);
        var reopenings = await ReopeningsAsync(db, reopened, ct);
        await tx.CommitAsync(ct);
        return new ExposureStoreSummary(added, updated, byKey.Count - added - updated - reopened.Count, before, before + added, reopened.Count)
        {
            ReopenedExposures = reopenings,
        };
    }

    // The reopened exposures before and after, with their manual techniques (which the import does not change).
    private static async Task<IReadOnlyList<ExposureReopening>> ReopeningsAsync(
        TesseraDbContext db, List<(StoredExposure Before, ExposureEntity Row)> reopened, CancellationToken ct)
    {
        if (reopened.Count == 0)
        {
            return [];
        }

        var ids = reopened.ConvertAll(r => r.Row.Id);
        var manual = (await db.Set<ExposureTechniqueEntity>().AsNoTracking().Where(t => ids.Contains(t.ExposureId)).ToListAsync(ct))
            .ToLookup(t => t.ExposureId);
        return reopened.ConvertAll(r =>
        {
            var after = ToStored(r.Row, manual[r.Row.Id]);
            return new ExposureReopening(r.Before with { ManualTechniques = after.ManualTechniques }, after);
        });
    }

    private static void SetStatus(ExposureEntity row, ExposureStatus status, string? reason, DateOnly? until, string by, DateTimeOffset now)
    {
        row.Status = status.ToString();
        row.StatusReason = reason;
        row.AcceptedUntil = until;
        row.StatusChangedBy = by;
        row.StatusChangedAt = now;
        row.StatusVersion++;
    }

    private static void Apply(ExposureEntity row, Exposure e)
    {
        row.ExternalId = e.Id;
        row.Kind = e.Kind.ToString();
        row.Cve = e.Cve;
        row.Asset = e.Asset;
        row.Severity = (int)e.Severity;
        row.Cvss = e.Cvss;
        row.Title = e.Title;
        row.DetectedAt = e.DetectedAt;
        row.ImportedTechniques = string.Join(';', e.Techniques.Select(t => t.Value));
    }

    private static bool SameValues(ExposureEntity row, Exposure e)
    {
        var probe = new ExposureEntity { Key = row.Key, ExternalId = "", Kind = "", Asset = "", Title = "", ImportedTechniques = "" };
        Apply(probe, e);
        return (probe.ExternalId, probe.Kind, probe.Cve, probe.Asset, probe.Severity, probe.Cvss, probe.Title, probe.DetectedAt, probe.ImportedTechniques)
            == (row.ExternalId, row.Kind, row.Cve, row.Asset, row.Severity, row.Cvss, row.Title, row.DetectedAt, row.ImportedTechniques);
    }

    public async Task<IReadOnlyList<StoredExposure>> ListAsync(ExposureQuery query, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var rows = db.Set<ExposureEntity>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Cve))
        {
            var cve = query.Cve.Trim().ToUpperInvariant();
            rows = rows.Where(x => x.Cve == cve);
        }

        if (!string.IsNullOrWhiteSpace(query.Asset))
        {
            var asset = query.Asset.Trim().ToLowerInvariant();
            rows = rows.Where(x => x.Asset.ToLower().Contains(asset));
        }

        if (query.Severity is { } severity)
        {
            rows = rows.Where(x => x.Severity == (int)severity);
        }

        var today = ExposureStatusRules.Today(query.AsOf ?? time.GetUtcNow());
        if (query.Status is { } status)
        {
            rows = WithStatus(rows, status, today);
        }

        if (query.Acceptance is { } acceptance)
        {
            rows = WithAcceptance(rows, acceptance, query.EndingWithinDays, today);
        }

        var list = await rows.OrderByDescending(x => x.Severity).ThenBy(x => x.Key).ToListAsync(ct);
        var ids = list.ConvertAll(x => x.Id);
        var manual = (await db.Set<ExposureTechniqueEntity>().AsNoTracking().Where(t => ids.Contains(t.ExposureId)).ToListAsync(ct))
            .ToLookup(t => t.ExposureId);
        return list.ConvertAll(x => ToStored(x, manual[x.Id]));
    }

    // ExposureStatusRules.EffectiveStatus in SQL: a date column compared with a date parameter, the same on both providers.
    private static IQueryable<ExposureEntity> WithStatus(IQueryable<ExposureEntity> rows, ExposureStatus status, DateOnly today)
    {
        const string open = nameof(ExposureStatus.Open), accepted = nameof(ExposureStatus.Accepted);
        var name = status.ToString();
        return status switch
        {
            ExposureStatus.Open => rows.Where(x => x.Status == open || (x.Status == accepted && x.AcceptedUntil != null && x.AcceptedUntil <= today)),
            ExposureStatus.Accepted => rows.Where(x => x.Status == accepted && (x.AcceptedUntil == null || x.AcceptedUntil > today)),
            _ => rows.Where(x => x.Status == name),
        };
    }

    // AcceptanceReminder.IsAcceptanceEndingWithin and IsAcceptanceExpired in SQL, day against day as in WithStatus.
    private static IQueryable<ExposureEntity> WithAcceptance(IQueryable<ExposureEntity> rows, ExposureAcceptanceFilter filter, int windowDays, DateOnly today)
    {
        if (AcceptanceReminder.ValidateWindow(windowDays) is { } problem)
        {
            throw new ArgumentOutOfRangeException(nameof(windowDays), problem);
        }

        const string accepted = nameof(ExposureStatus.Accepted);
        var last = today.AddDays(windowDays);
        return filter == ExposureAcceptanceFilter.EndingSoon
            ? rows.Where(x => x.Status == accepted && x.AcceptedUntil != null && x.AcceptedUntil > today && x.AcceptedUntil <= last)
            : rows.Where(x => x.Status == accepted && x.AcceptedUntil != null && x.AcceptedUntil <= today);
    }

    public async Task<IReadOnlyList<StoredExposure>> ListUnannouncedExpiriesAsync(DateTimeOffset now, int limit, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var today = ExposureStatusRules.Today(now);
        const string accepted = nameof(ExposureStatus.Accepted);
        var rows = await db.Set<ExposureEntity>().AsNoTracking()
            .Where(x => x.Status == accepted && x.AcceptedUntil != null && x.AcceptedUntil <= today
                        && (x.ExpiryNoticeFor == null || x.ExpiryNoticeFor != x.AcceptedUntil))
            .OrderBy(x => x.AcceptedUntil).ThenBy(x => x.Id).Take(limit).ToListAsync(ct);
        return rows.ConvertAll(x => ToStored(x, []));
    }

    public async Task<bool> MarkExpiryAnnouncedAsync(Guid id, DateOnly until, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        const string accepted = nameof(ExposureStatus.Accepted);
        // One conditional UPDATE: of two instances marking the same expiry, exactly one sees a row change.
        var changed = await db.Set<ExposureEntity>()
            .Where(x => x.Id == id && x.Status == accepted && x.AcceptedUntil == until && (x.ExpiryNoticeFor == null || x.ExpiryNoticeFor != until))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiryNoticeFor, until), ct);
        return changed == 1;
    }

    public async Task<StoredExposure?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        return await FindAsync(db, id, ct);
    }

    private static async Task<StoredExposure?> FindAsync(TesseraDbContext db, Guid id, CancellationToken ct)
    {
        var row = await db.Set<ExposureEntity>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (row is null)
        {
            return null;
        }

        var manual = await db.Set<ExposureTechniqueEntity>().AsNoTracking().Where(t => t.ExposureId == id).ToListAsync(ct);
        return ToStored(row, manual);
    }

    public async Task<SaveResult<StoredExposure>> AddTechniqueAsync(Guid id, TechniqueId technique, string by, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        if (!await db.Set<ExposureEntity>().AnyAsync(x => x.Id == id, ct))
        {
            return SaveResult<StoredExposure>.NotFound($"No exposure {id}.");
        }

        var now = time.GetUtcNow();
        db.Set<ExposureTechniqueEntity>().Add(new ExposureTechniqueEntity
        {
            Id = Guid.CreateVersion7(now), ExposureId = id, TechniqueId = technique.Value, AddedBy = by, AddedAt = now,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            return SaveResult<StoredExposure>.Duplicate($"{technique} is already mapped to exposure {id} by hand.");
        }
        catch (DbUpdateException ex) when (DbErrors.IsForeignKeyViolation(ex))
        {
            // Deleted between the check above and the insert: nothing was saved.
            return SaveResult<StoredExposure>.NotFound($"No exposure {id}.");
        }

        return await Current(db, id, ct);
    }

    public async Task<SaveResult<StoredExposure>> RemoveTechniqueAsync(Guid id, TechniqueId technique, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var value = technique.Value;
        var removed = await db.Set<ExposureTechniqueEntity>().Where(t => t.ExposureId == id && t.TechniqueId == value).ExecuteDeleteAsync(ct);
        return removed == 0
            ? SaveResult<StoredExposure>.NotFound($"Exposure {id} has no manual mapping to {technique}.")
            : await Current(db, id, ct);
    }

    public async Task<CveMappingAdded> AddCveMappingAsync(CveId cve, TechniqueId technique, string by, CancellationToken ct)
    {
        // Two analysts mapping the same CVE at once: the loser's insert breaks the unique index, and the retry finds the winner's row.
        for (var attempt = 1; ; attempt++)
        {
            await using var db = contexts.CreateDbContext();
            if (await FindCveMappingAsync(db, cve, technique, ct) is { } existing)
            {
                return new CveMappingAdded(ToMapping(existing), false);
            }

            var now = time.GetUtcNow();
            var row = new ExposureCveTechniqueEntity { Id = Guid.CreateVersion7(now), Cve = cve.Value, TechniqueId = technique.Value, AddedBy = by, AddedAt = now };
            db.Set<ExposureCveTechniqueEntity>().Add(row);
            try
            {
                await db.SaveChangesAsync(ct);
                return new CveMappingAdded(ToMapping(row), true);
            }
            catch (DbUpdateException ex) when (attempt == 1 && DbErrors.IsUniqueViolation(ex))
            {
            }
        }
    }

    public async Task<SaveResult<CveTechniqueMapping>> RemoveCveMappingAsync(CveId cve, TechniqueId technique, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        if (await FindCveMappingAsync(db, cve, technique, ct) is not { } row)
        {
            return SaveResult<CveTechniqueMapping>.NotFound($"{cve} has no CVE-wide mapping to {technique}.");
        }

        // By ID, so of two concurrent removals only one reports having removed it.
        var removed = await db.Set<ExposureCveTechniqueEntity>().Where(x => x.Id == row.Id).ExecuteDeleteAsync(ct);
        return removed == 0
            ? SaveResult<CveTechniqueMapping>.NotFound($"{cve} has no CVE-wide mapping to {technique}.")
            : SaveResult<CveTechniqueMapping>.Saved(ToMapping(row));
    }

    public async Task<IReadOnlyList<CveTechniqueMapping>> ListCveMappingsAsync(CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var rows = await db.Set<ExposureCveTechniqueEntity>().AsNoTracking().ToListAsync(ct);
        // Ordered here: ordinal order is the same on both providers, unlike their SQL collations.
        return rows.OrderBy(x => x.Cve, StringComparer.Ordinal).ThenBy(x => x.TechniqueId, StringComparer.Ordinal).Select(ToMapping).ToList();
    }

    private static Task<ExposureCveTechniqueEntity?> FindCveMappingAsync(TesseraDbContext db, CveId cve, TechniqueId technique, CancellationToken ct)
    {
        var (cveText, techniqueText) = (cve.Value, technique.Value);
        return db.Set<ExposureCveTechniqueEntity>().AsNoTracking().FirstOrDefaultAsync(x => x.Cve == cveText && x.TechniqueId == techniqueText, ct);
    }

    private static CveTechniqueMapping ToMapping(ExposureCveTechniqueEntity x) =>
        new(CveId.Parse(x.Cve), TechniqueId.Parse(x.TechniqueId), x.AddedBy, x.AddedAt);

    public async Task<SaveResult<StoredExposure>> SetStatusAsync(
        Guid id, long? expectedStatusVersion, ExposureStatus status, string? reason, DateOnly? acceptedUntil, string by, CancellationToken ct)
    {
        reason = ExposureStatusRules.Normalise(reason);
        var now = time.GetUtcNow();
        if (ExposureStatusRules.Validate(status, reason, acceptedUntil, now) is { } problem)
        {
            return SaveResult<StoredExposure>.Invalid(problem);
        }

        // Without a version the change is applied on top of whatever landed since the read (SaveRetry); each try reads again.
        return await SaveRetry.WhileConflictAsync(expectedStatusVersion is null ? SaveRetry.UnversionedAttempts : 1,
            _ => SetStatusOnceAsync(id, expectedStatusVersion, status, reason, acceptedUntil, by, now, ct));
    }

    private async Task<SaveResult<StoredExposure>> SetStatusOnceAsync(
        Guid id, long? expectedStatusVersion, ExposureStatus status, string? reason, DateOnly? acceptedUntil, string by, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var row = await db.Set<ExposureEntity>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (row is null)
        {
            return SaveResult<StoredExposure>.NotFound($"No exposure {id}.");
        }

        if (expectedStatusVersion is { } expected && expected != row.StatusVersion)
        {
            return Overtaken(row, expected);
        }

        if (row.Status != status.ToString() || row.StatusReason != reason || row.AcceptedUntil != acceptedUntil)
        {
            // The UPDATE checks the version read above (a concurrency token), so a change landing in between is refused too.
            var read = row.StatusVersion;
            SetStatus(row, status, reason, acceptedUntil, by, now);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                await using var fresh = contexts.CreateDbContext();
                return await fresh.Set<ExposureEntity>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) is { } stored
                    ? Overtaken(stored, read)
                    : SaveResult<StoredExposure>.NotFound($"No exposure {id}.");
            }
        }

        return await Current(db, id, ct);
    }

    private static SaveResult<StoredExposure> Overtaken(ExposureEntity now, long expected) => SaveResult<StoredExposure>.Conflict(
        $"The exposure's status changed since you loaded it (version {expected}, now {now.StatusVersion}): it is {now.Status.ToLowerInvariant()}"
        + (now.StatusChangedBy is null ? "" : $", set by {now.StatusChangedBy} at {now.StatusChangedAt:yyyy-MM-dd HH:mm} UTC")
        + ". Nothing was saved; review it and choose again.");

    public async Task<SaveResult<StoredExposure>> DeleteAsync(Guid id, CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        var current = await FindAsync(db, id, ct);
        if (current is null)
        {
            return SaveResult<StoredExposure>.NotFound($"No exposure {id}.");
        }

        // Manual links go by cascade.
        await db.Set<ExposureEntity>().Where(x => x.Id == id).ExecuteDeleteAsync(ct);
        return SaveResult<StoredExposure>.Saved(current);
    }

    private static async Task<SaveResult<StoredExposure>> Current(TesseraDbContext db, Guid id, CancellationToken ct) =>
        await FindAsync(db, id, ct) is { } stored
            ? SaveResult<StoredExposure>.Saved(stored)
            : SaveResult<StoredExposure>.NotFound($"No exposure {id}.");

    private static StoredExposure ToStored(ExposureEntity x, IEnumerable<ExposureTechniqueEntity> manual) => new()
    {
        Id = x.Id, Key = x.Key, FirstImported = x.FirstImported, LastImported = x.LastImported, ImportedBy = x.ImportedBy,
        Status = Enum.Parse<ExposureStatus>(x.Status), StatusReason = x.StatusReason, StatusChangedBy = x.StatusChangedBy,
        StatusChangedAt = x.StatusChangedAt, AcceptedUntil = x.AcceptedUntil, StatusVersion = x.StatusVersion,
        Exposure = new Exposure
        {
            Id = x.ExternalId, Kind = Enum.Parse<ExposureKind>(x.Kind), Cve = x.Cve, Asset = x.Asset, Severity = (ExposureSeverity)x.Severity,
            Cvss = x.Cvss, Title = x.Title, DetectedAt = x.DetectedAt,
            Techniques = x.ImportedTechniques.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(TechniqueId.Parse).ToList(),
        },
        ManualTechniques = manual.OrderBy(t => t.TechniqueId, StringComparer.Ordinal)
            .Select(t => new ManualExposureTechnique(TechniqueId.Parse(t.TechniqueId), t.AddedBy, t.AddedAt)).ToList(),
    };
}
