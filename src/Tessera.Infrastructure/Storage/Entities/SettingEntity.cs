namespace Tessera.Infrastructure.Storage.Entities;

public sealed class SettingEntity
{
    public required string Key { get; set; }
    public required string Value { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
