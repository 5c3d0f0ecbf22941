namespace Tessera.Infrastructure.Storage.Entities;

public sealed class ApiKeyEntity
{
    public required string KeyId { get; set; }
    public required string Name { get; set; }
    public required string Role { get; set; }
    public required string SecretHash { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
