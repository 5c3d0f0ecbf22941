using Tessera.Infrastructure.Storage.Entities;

namespace Tessera.Infrastructure.Backlog;

public sealed class BacklogItemEntity : IVersionedEntity
{
    public Guid Id { get; set; }
    public required string TechniqueId { get; set; }
    public required string TechniqueName { get; set; }
    public required string Reason { get; set; }
    public string? Owner { get; set; }
    public DateOnly? DueOn { get; set; }
    public required string State { get; set; }
    public string? Note { get; set; }
    public required string Detail { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public long Version { get; set; }
}
