using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Infrastructure.Storage.Entities;

namespace Tessera.Infrastructure.Runbooks;

public sealed class RunbookEntity : IVersionedEntity
{
    public Guid Id { get; set; }
    public required string Scope { get; set; }
    public required string Target { get; set; }
    public required string Title { get; set; }
    public required string Markdown { get; set; }
    public required string Owner { get; set; }
    public string? UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }
}

internal sealed class RunbookConfiguration : IEntityTypeConfiguration<RunbookEntity>
{
    public void Configure(EntityTypeBuilder<RunbookEntity> e)
    {
        e.ToTable("runbooks");
        e.HasKey(x => x.Id);
        e.Property(x => x.Scope).HasMaxLength(16);
        e.Property(x => x.Target).HasMaxLength(64);
        e.Property(x => x.Title).HasMaxLength(200);
        e.Property(x => x.Owner).HasMaxLength(200);
        e.Property(x => x.UpdatedBy).HasMaxLength(200);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasIndex(x => new { x.Scope, x.Target });
    }
}
