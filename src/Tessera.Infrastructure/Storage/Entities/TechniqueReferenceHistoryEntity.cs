namespace Tessera.Infrastructure.Storage.Entities;

public sealed class TechniqueReferenceHistoryEntity
{
    public long Id { get; set; }
    public long ReferenceId { get; set; }
    public required string OldTechniqueId { get; set; }
    public required string NewTechniqueId { get; set; }
    public required string OldCollectionKey { get; set; }
    public required string NewCollectionKey { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}
