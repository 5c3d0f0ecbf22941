namespace Tessera.Infrastructure.Storage.Entities;

public sealed class TechniqueReferenceEntity
{
    public long Id { get; set; }
    public required string OwnerType { get; set; }
    public required string OwnerId { get; set; }
    public required string TechniqueId { get; set; }
    public required string CollectionKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<TechniqueReferenceHistoryEntity> History { get; set; } = [];
}
