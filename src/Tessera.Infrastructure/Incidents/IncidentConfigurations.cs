using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tessera.Infrastructure.Incidents;

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<IncidentEntity>
{
    public void Configure(EntityTypeBuilder<IncidentEntity> e)
    {
        e.ToTable("incidents");
        e.HasKey(x => x.Id);
        e.Property(x => x.Title).HasMaxLength(300);
        e.Property(x => x.Description).HasMaxLength(20_000);
        e.Property(x => x.Severity).HasMaxLength(16);
        e.Property(x => x.State).HasMaxLength(16);
        e.Property(x => x.Assignee).HasMaxLength(200);
        e.Property(x => x.Version).IsConcurrencyToken();
        // Restrict: deleting a parent must not silently orphan or delete its children.
        e.HasOne<IncidentEntity>().WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => x.ParentId);
        // The heatmap filters by period, then severity/state: the period index serves both list and heatmap.
        e.HasIndex(x => new { x.CreatedAt, x.Severity, x.State });
    }
}

internal sealed class IncidentTechniqueConfiguration : IEntityTypeConfiguration<IncidentTechniqueEntity>
{
    public void Configure(EntityTypeBuilder<IncidentTechniqueEntity> e)
    {
        e.ToTable("incident_techniques");
        e.HasKey(x => x.Id);
        e.Property(x => x.SourceKey).HasMaxLength(100);
        e.Property(x => x.Tactic).HasMaxLength(64);
        e.Property(x => x.TechniqueId).HasMaxLength(16);
        e.Property(x => x.OriginKind).HasMaxLength(16);
        e.Property(x => x.OriginRef).HasMaxLength(200);
        e.Property(x => x.CreatedBy).HasMaxLength(200);
        e.Property(x => x.IncidentSeverity).HasMaxLength(16);
        e.Property(x => x.IncidentState).HasMaxLength(16);
        e.HasOne<IncidentEntity>().WithMany().HasForeignKey(x => x.IncidentId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => new { x.IncidentId, x.SourceKey, x.Tactic, x.TechniqueId, x.OriginKind, x.OriginRef }).IsUnique();
        // The heatmap groups by technique and counts distinct incidents: on PostgreSQL this index (with the filter
        // columns included) answers it by an index-only scan already in group order. SQLite ignores INCLUDE.
        e.HasIndex(x => new { x.TechniqueId, x.IncidentId })
            .IncludeProperties(x => new { x.IncidentCreatedAt, x.IncidentSeverity, x.IncidentState, x.SourceKey });
    }
}

internal sealed class IncidentObservableConfiguration : IEntityTypeConfiguration<IncidentObservableEntity>
{
    public void Configure(EntityTypeBuilder<IncidentObservableEntity> e)
    {
        e.ToTable("incident_observables");
        e.HasKey(x => x.Id);
        e.Property(x => x.Kind).HasMaxLength(16);
        e.Property(x => x.Value).HasMaxLength(2_000);
        e.HasOne<IncidentEntity>().WithMany().HasForeignKey(x => x.IncidentId).OnDelete(DeleteBehavior.Cascade);
        // One observable per incident, kind and value, enforced by a unique index so that concurrent adds cannot both
        // land. Its shape depends on the provider: SQLite indexes the value itself (SqliteTesseraDbContext adds it to the
        // model), PostgreSQL an md5 of it (a 2,000-character value can exceed a btree entry), created by the migration
        // AddEvidenceUniqueness because EF cannot model an expression index.
    }
}

internal sealed class IncidentLookupConfiguration : IEntityTypeConfiguration<IncidentLookupEntity>
{
    public void Configure(EntityTypeBuilder<IncidentLookupEntity> e)
    {
        e.ToTable("incident_lookups");
        e.HasKey(x => x.Id);
        e.Property(x => x.Provider).HasMaxLength(300);
        e.Property(x => x.Verdict).HasMaxLength(300);
        e.Property(x => x.Techniques).HasMaxLength(4_000);
        e.Property(x => x.SourceKey).HasMaxLength(100);
        e.HasOne<IncidentEntity>().WithMany().HasForeignKey(x => x.IncidentId).OnDelete(DeleteBehavior.Cascade);
        // A lookup about an observable is evidence of that observable: it goes when the observable goes.
        e.HasOne<IncidentObservableEntity>().WithMany().HasForeignKey(x => x.ObservableId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IncidentAlertConfiguration : IEntityTypeConfiguration<IncidentAlertEntity>
{
    public void Configure(EntityTypeBuilder<IncidentAlertEntity> e)
    {
        e.ToTable("incident_alerts");
        e.HasKey(x => x.Id);
        e.Property(x => x.AlertId).HasMaxLength(300);
        e.Property(x => x.Title).HasMaxLength(300);
        e.Property(x => x.Source).HasMaxLength(300);
        e.Property(x => x.Rule).HasMaxLength(200);
        e.Property(x => x.Techniques).HasMaxLength(4_000);
        e.Property(x => x.SourceKey).HasMaxLength(100);
        e.HasOne<IncidentEntity>().WithMany().HasForeignKey(x => x.IncidentId).OnDelete(DeleteBehavior.Cascade);
        // "Which incidents carry stored alert 42?" (triage page). No foreign key to the alert table: alert retention may
        // purge raw alerts, and the incident keeps its evidence copy (title, rule, techniques) when that happens.
        e.HasIndex(x => x.AlertRecordId);
        // An alert is attached once per incident: a stored alert by its record, one given by hand by source and alert ID.
        // Unique indexes rather than a check alone, so two concurrent attaches cannot both land.
        e.HasIndex(x => new { x.IncidentId, x.AlertRecordId }).IsUnique();
        e.HasIndex(x => new { x.IncidentId, x.Source, x.AlertId }).IsUnique().HasFilter("\"AlertRecordId\" IS NULL");
        // A raw alert is ingested (so it has a record) before it is attached; two concurrent attaches of one raw alert
        // make two records, so its source and alert ID are what stay unique (line-N placeholders name no SIEM alert).
        e.HasIndex(x => new { x.IncidentId, x.Source, x.AlertId }, "IX_incident_alerts_given_by_hand").IsUnique()
            .HasFilter("\"GivenByHand\" AND \"AlertId\" NOT LIKE 'line-%'");
    }
}

internal sealed class IncidentRollupPinConfiguration : IEntityTypeConfiguration<IncidentRollupPinEntity>
{
    public void Configure(EntityTypeBuilder<IncidentRollupPinEntity> e)
    {
        e.ToTable("incident_rollup_pins");
        e.HasKey(x => new { x.IncidentId, x.OriginKind, x.OriginRef });
        e.Property(x => x.OriginKind).HasMaxLength(16);
        e.Property(x => x.OriginRef).HasMaxLength(200);
        e.HasOne<IncidentEntity>().WithMany().HasForeignKey(x => x.IncidentId).OnDelete(DeleteBehavior.Cascade);
    }
}
