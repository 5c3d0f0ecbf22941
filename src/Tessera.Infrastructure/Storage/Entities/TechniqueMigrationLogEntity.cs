using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tessera.Infrastructure.Storage.Entities;

/// <summary>The old ID of an incident association, rule tag or alert-library entry rewritten by a version migration.</summary>
public sealed class TechniqueMigrationLogEntity
{
    public long Id { get; set; }
    public required string Kind { get; set; }
    public required string OwnerId { get; set; }
    public required string OldTechniqueId { get; set; }
    public required string NewTechniqueId { get; set; }
    public string? OldCollectionKey { get; set; }
    public string? NewCollectionKey { get; set; }
    public required string Reason { get; set; }
    public string? Actor { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}

internal sealed class TechniqueMigrationLogConfiguration : IEntityTypeConfiguration<TechniqueMigrationLogEntity>
{
    public void Configure(EntityTypeBuilder<TechniqueMigrationLogEntity> e)
    {
        e.ToTable("technique_migration_log");
        e.HasKey(x => x.Id);
        e.Property(x => x.Kind).HasMaxLength(32);
        e.Property(x => x.OwnerId).HasMaxLength(200);
        e.Property(x => x.OldTechniqueId).HasMaxLength(32);
        e.Property(x => x.NewTechniqueId).HasMaxLength(32);
        e.Property(x => x.OldCollectionKey).HasMaxLength(100);
        e.Property(x => x.NewCollectionKey).HasMaxLength(100);
        e.Property(x => x.Reason).HasMaxLength(500);
        e.Property(x => x.Actor).HasMaxLength(200);
        e.HasIndex(x => new { x.Kind, x.OwnerId });
    }
}
