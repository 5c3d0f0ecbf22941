using Microsoft.EntityFrameworkCore;
using Tessera.Core.Audit;
using Tessera.Infrastructure.Storage.Entities;

namespace Tessera.Infrastructure.Storage.Stores;

public sealed class EfAuditLog(IDbContextFactory<TesseraDbContext> contexts, TimeProvider time) : IAuditLog
{
    public async Task<AuditEntry> AppendAsync(AuditEvent auditEvent, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(auditEvent.Action);
        ArgumentException.ThrowIfNullOrWhiteSpace(auditEvent.EntityType);
        await using var db = contexts.CreateDbContext();
        var entity = new AuditEntryEntity
        {
            At = time.GetUtcNow(),
            ActorKind = auditEvent.Actor.Kind.ToString(),
            ActorId = auditEvent.Actor.Id,
            ActorName = auditEvent.Actor.Name,
            Action = auditEvent.Action,
            EntityType = auditEvent.EntityType,
            EntityId = auditEvent.EntityId,
            BeforeJson = auditEvent.BeforeJson,
            AfterJson = auditEvent.AfterJson,
            CorrelationId = auditEvent.CorrelationId,
        };
        db.AuditEntries.Add(entity);
        await db.SaveChangesAsync(ct);
        return ToEntry(entity);
    }

    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken ct)
    {
        var skip = Math.Max(0, query.Skip);
        var take = Math.Clamp(query.Take, 1, AuditQuery.MaxTake);
        await using var db = contexts.CreateDbContext();
        var rows = Filter(db.AuditEntries.AsNoTracking(), query);
        var total = await rows.CountAsync(ct);
        var page = await rows.OrderByDescending(e => e.Id).Skip(skip).Take(take).ToListAsync(ct);
        return new AuditPage(page.ConvertAll(ToEntry), total, skip, take);
    }

    private static IQueryable<AuditEntryEntity> Filter(IQueryable<AuditEntryEntity> rows, AuditQuery q)
    {
        if (q.ActorKind is { } kind)
        {
            var kindText = kind.ToString();
            rows = rows.Where(e => e.ActorKind == kindText);
        }

        if (q.ActorId is { } actorId) rows = rows.Where(e => e.ActorId == actorId);
        if (q.EntityType is { } entityType) rows = rows.Where(e => e.EntityType == entityType);
        if (q.EntityId is { } entityId) rows = rows.Where(e => e.EntityId == entityId);
        if (q.CorrelationId is { } correlationId) rows = rows.Where(e => e.CorrelationId == correlationId);
        if (q.From is { } from) rows = rows.Where(e => e.At >= from);
        if (q.To is { } to) rows = rows.Where(e => e.At < to);
        if (q.Action is { } action)
        {
            if (AuditQuery.ActionPrefix(action) is { } prefix)
            {
                rows = rows.Where(e => e.Action.StartsWith(prefix));
            }
            else
            {
                rows = rows.Where(e => e.Action == action);
            }
        }

        return rows;
    }

    private static AuditEntry ToEntry(AuditEntryEntity e) => new(e.Id, e.At, new AuditEvent
    {
        Actor = new AuditActor(Enum.Parse<AuditActorKind>(e.ActorKind), e.ActorId, e.ActorName),
        Action = e.Action,
        EntityType = e.EntityType,
        EntityId = e.EntityId,
        BeforeJson = e.BeforeJson,
        AfterJson = e.AfterJson,
        CorrelationId = e.CorrelationId,
    });
}
