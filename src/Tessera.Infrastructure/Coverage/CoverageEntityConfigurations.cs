using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tessera.Infrastructure.Coverage;

internal sealed class DetectionRuleConfiguration : IEntityTypeConfiguration<DetectionRuleEntity>
{
    public void Configure(EntityTypeBuilder<DetectionRuleEntity> e)
    {
        e.ToTable("detection_rules");
        e.HasKey(x => x.Id);
        e.Property(x => x.Source).HasMaxLength(16);
        e.Property(x => x.ExternalId).HasMaxLength(300);
        e.HasIndex(x => new { x.Source, x.ExternalId }).IsUnique();
        e.Property(x => x.Title).HasMaxLength(300);
        e.Property(x => x.TechniquesText).HasMaxLength(2000);
        e.Property(x => x.TacticsText).HasMaxLength(1000);
        e.Property(x => x.DataSourceText).HasMaxLength(2000);
        e.Property(x => x.Level).HasMaxLength(32);
        e.Property(x => x.Owner).HasMaxLength(200);
        e.HasIndex(x => x.Owner);
        e.Property(x => x.Validation).HasMaxLength(32);
        e.Property(x => x.Evidence).HasMaxLength(1000);
        e.Property(x => x.SourceFile).HasMaxLength(500);
        e.Property(x => x.ContentHash).HasMaxLength(64);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasMany(x => x.Techniques).WithOne().HasForeignKey(t => t.RuleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DetectionRuleTechniqueConfiguration : IEntityTypeConfiguration<DetectionRuleTechniqueEntity>
{
    public void Configure(EntityTypeBuilder<DetectionRuleTechniqueEntity> e)
    {
        e.ToTable("detection_rule_techniques");
        e.HasKey(x => new { x.RuleId, x.TechniqueId });
        e.Property(x => x.TechniqueId).HasMaxLength(16);
        e.HasIndex(x => x.TechniqueId);
    }
}

internal sealed class DetectionRuleHistoryConfiguration : IEntityTypeConfiguration<DetectionRuleHistoryEntity>
{
    public void Configure(EntityTypeBuilder<DetectionRuleHistoryEntity> e)
    {
        e.ToTable("detection_rule_history");
        e.HasKey(x => x.Id);
        e.Property(x => x.Kind).HasMaxLength(32);
        e.Property(x => x.Summary).HasMaxLength(1000);
        e.Property(x => x.Actor).HasMaxLength(200);
        e.HasIndex(x => x.RuleId);
        e.HasOne<DetectionRuleEntity>().WithMany().HasForeignKey(x => x.RuleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ValidationRunConfiguration : IEntityTypeConfiguration<ValidationRunEntity>
{
    public void Configure(EntityTypeBuilder<ValidationRunEntity> e)
    {
        e.ToTable("validation_runs");
        e.HasKey(x => x.Id);
        e.Property(x => x.Source).HasMaxLength(64);
        e.Property(x => x.TestName).HasMaxLength(300);
        e.Property(x => x.TechniqueId).HasMaxLength(16);
        e.HasIndex(x => x.TechniqueId);
        e.HasIndex(x => x.ExecutedAt);
        e.Property(x => x.Host).HasMaxLength(200);
        e.Property(x => x.Outcome).HasMaxLength(32);
        e.Property(x => x.FiredRulesText).HasMaxLength(4000);
        e.Property(x => x.Evidence).HasMaxLength(2000);
        e.Property(x => x.RecordedBy).HasMaxLength(200);
    }
}

internal sealed class AtomicTestConfiguration : IEntityTypeConfiguration<AtomicTestEntity>
{
    public void Configure(EntityTypeBuilder<AtomicTestEntity> e)
    {
        e.ToTable("atomic_tests");
        e.HasKey(x => x.Guid);
        e.Property(x => x.TechniqueId).HasMaxLength(16);
        e.HasIndex(x => x.TechniqueId);
        e.Property(x => x.Name).HasMaxLength(500);
        e.Property(x => x.Platforms).HasMaxLength(200);
        e.Property(x => x.Executor).HasMaxLength(32);
    }
}

internal sealed class DataSourceConfiguration : IEntityTypeConfiguration<DataSourceEntity>
{
    public void Configure(EntityTypeBuilder<DataSourceEntity> e)
    {
        e.ToTable("data_sources");
        e.HasKey(x => x.Id);
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.Platform).HasMaxLength(64);
        e.Property(x => x.Environment).HasMaxLength(100);
        e.HasIndex(x => new { x.Name, x.Platform, x.Environment }).IsUnique();
        e.Property(x => x.DataComponentsText).HasMaxLength(1000);
        e.Property(x => x.Status).HasMaxLength(16);
        e.Property(x => x.Version).IsConcurrencyToken();
    }
}

internal sealed class DataSourceEventConfiguration : IEntityTypeConfiguration<DataSourceEventEntity>
{
    public void Configure(EntityTypeBuilder<DataSourceEventEntity> e)
    {
        e.ToTable("data_source_events");
        e.HasKey(x => x.Id);
        e.Property(x => x.Status).HasMaxLength(16);
        e.Property(x => x.Reason).HasMaxLength(1000);
        e.Property(x => x.Actor).HasMaxLength(200);
        e.HasIndex(x => x.DataSourceId);
        e.HasOne<DataSourceEntity>().WithMany().HasForeignKey(x => x.DataSourceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CoverageSnapshotConfiguration : IEntityTypeConfiguration<CoverageSnapshotEntity>
{
    public void Configure(EntityTypeBuilder<CoverageSnapshotEntity> e)
    {
        e.ToTable("coverage_snapshots");
        e.HasKey(x => x.Id);
        e.Property(x => x.CollectionKey).HasMaxLength(100);
        e.HasIndex(x => new { x.CollectionKey, x.TakenAt });
        e.Property(x => x.Note).HasMaxLength(200);
    }
}
