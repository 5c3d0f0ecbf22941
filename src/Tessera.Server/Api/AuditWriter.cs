using System.Security.Claims;
using System.Text.Json;
using Tessera.Core.Audit;

namespace Tessera.Server.Api;

/// <summary>Appends audit entries for writes made through the API or UI, with before/after snapshots as JSON.</summary>
public sealed class AuditWriter(IAuditLog log)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<AuditEntry> WriteAsync(ClaimsPrincipal who, string action, string entityType, string? entityId,
        object? before, object? after, CancellationToken ct) =>
        log.AppendAsync(new AuditEvent
        {
            Actor = Security.TesseraClaims.Actor(who),
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            BeforeJson = before is null ? null : JsonSerializer.Serialize(before, Json),
            AfterJson = after is null ? null : JsonSerializer.Serialize(after, Json),
        }, ct);
}
