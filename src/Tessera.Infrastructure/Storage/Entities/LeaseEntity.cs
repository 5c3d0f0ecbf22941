namespace Tessera.Infrastructure.Storage.Entities;

public sealed class LeaseEntity
{
    public required string Name { get; set; }
    public required string Owner { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
