namespace Tessera.Infrastructure.Storage.Entities;

public sealed class AttackSourceEntity
{
    public required string Key { get; set; }
    public required string Domain { get; set; }
    public required string Version { get; set; }
    public required string Name { get; set; }
    public bool IsActive { get; set; }
    public required string ChangedBy { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}
