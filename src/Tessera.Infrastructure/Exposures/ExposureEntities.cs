using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tessera.Infrastructure.Exposures;

public sealed class ExposureEntity
{
    public Guid Id { get; set; }
    public required string Key { get; set; }
    public required string ExternalId { get; set; }
    public required string Kind { get; set; }
    public string? Cve { get; set; }
    public required string Asset { get; set; }

    /// <summary>The <see cref="Core.Exposures.ExposureSeverity"/> number, so "highest first" is an index order.</summary>
    public int Severity { get; set; }
    public double? Cvss { get; set; }
    public required string Title { get; set; }
    public DateTimeOffset? DetectedAt { get; set; }

    /// <summary>The file's own technique IDs, ';'-separated; replaced by every import.</summary>
    public required string ImportedTechniques { get; set; }
    public DateTimeOffset FirstImported { get; set; }
    public DateTimeOffset LastImported { get; set; }
    public string? ImportedBy { get; set; }

    /// <summary>The <see cref="Core.Exposures.ExposureStatus"/> name; readable in SQL, and rows from before the lifecycle default to Open.</summary>
    public string Status { get; set; } = nameof(Core.Exposures.ExposureStatus.Open);
    public string? StatusReason { get; set; }
    public string? StatusChangedBy { get; set; }
    public DateTimeOffset? StatusChangedAt { get; set; }

    /// <summary>
    /// The UTC day an acceptance ends; a date column on both providers (TEXT yyyy-MM-dd on SQLite, date on PostgreSQL), so
    /// "expired" compares the same way in SQL on both. Null for other statuses and for acceptances from before expiry dates.
    /// </summary>
    public DateOnly? AcceptedUntil { get; set; }

    /// <summary>
    /// The end day whose expiry was announced (<c>exposure.acceptance.expired</c>); keyed by the day, not a flag, so a later
    /// acceptance of the same exposure is announced again without anyone having to clear it.
    /// </summary>
    public DateOnly? ExpiryNoticeFor { get; set; }

    /// <summary>
    /// Bumped by every status change (an analyst's, or an import reopening the exposure), and only by those: a status change
    /// made on an older one is refused instead of silently replacing another analyst's. Imports that only refresh the
    /// scan's fields leave it alone, so a daily re-import does not invalidate what analysts have open.
    /// </summary>
    public long StatusVersion { get; set; }
}

public sealed class ExposureTechniqueEntity
{
    public Guid Id { get; set; }
    public Guid ExposureId { get; set; }
    public required string TechniqueId { get; set; }
    public required string AddedBy { get; set; }
    public DateTimeOffset AddedAt { get; set; }
}

internal sealed class ExposureConfiguration : IEntityTypeConfiguration<ExposureEntity>
{
    // Text fields are capped at the importer's per-field limit (ExposureRowReader.MaxFieldChars).
    private const int FieldChars = 4096;

    public void Configure(EntityTypeBuilder<ExposureEntity> e)
    {
        e.Property(x => x.StatusVersion).IsConcurrencyToken();
        e.ToTable("exposures");
        e.HasKey(x => x.Id);
        e.Property(x => x.Key).HasMaxLength(Core.Exposures.ExposureKey.MaxLength);
        e.Property(x => x.ExternalId).HasMaxLength(FieldChars);
        e.Property(x => x.Kind).HasMaxLength(24);
        e.Property(x => x.Cve).HasMaxLength(32);
        e.Property(x => x.Asset).HasMaxLength(FieldChars);
        e.Property(x => x.Title).HasMaxLength(FieldChars);
        e.Property(x => x.ImportedTechniques).HasMaxLength(FieldChars);
        e.Property(x => x.ImportedBy).HasMaxLength(200);
        e.Property(x => x.Status).HasMaxLength(16).HasDefaultValue(nameof(Core.Exposures.ExposureStatus.Open));
        e.Property(x => x.StatusReason).HasMaxLength(Core.Exposures.StoredExposure.MaxStatusReasonChars);
        e.Property(x => x.StatusChangedBy).HasMaxLength(200);
        e.HasIndex(x => x.Key).IsUnique();
        e.HasIndex(x => x.Status);
        e.HasIndex(x => x.Cve);
        e.HasIndex(x => new { x.Severity, x.Key });
    }
}

internal sealed class ExposureTechniqueConfiguration : IEntityTypeConfiguration<ExposureTechniqueEntity>
{
    public void Configure(EntityTypeBuilder<ExposureTechniqueEntity> e)
    {
        e.ToTable("exposure_techniques");
        e.HasKey(x => x.Id);
        e.Property(x => x.TechniqueId).HasMaxLength(16);
        e.Property(x => x.AddedBy).HasMaxLength(200);
        e.HasOne<ExposureEntity>().WithMany().HasForeignKey(x => x.ExposureId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => new { x.ExposureId, x.TechniqueId }).IsUnique();
    }
}

/// <summary>A technique mapped to a CVE for every exposure with it; no foreign key, so it outlives the exposures it applies to.</summary>
public sealed class ExposureCveTechniqueEntity
{
    public Guid Id { get; set; }

    /// <summary>Upper-case, as <see cref="Core.Exposures.CveId"/> normalises it and as exposures store theirs.</summary>
    public required string Cve { get; set; }
    public required string TechniqueId { get; set; }
    public required string AddedBy { get; set; }
    public DateTimeOffset AddedAt { get; set; }
}

internal sealed class ExposureCveTechniqueConfiguration : IEntityTypeConfiguration<ExposureCveTechniqueEntity>
{
    public void Configure(EntityTypeBuilder<ExposureCveTechniqueEntity> e)
    {
        e.ToTable("exposure_cve_techniques");
        e.HasKey(x => x.Id);
        e.Property(x => x.Cve).HasMaxLength(Core.Exposures.CveId.MaxLength);
        e.Property(x => x.TechniqueId).HasMaxLength(16);
        e.Property(x => x.AddedBy).HasMaxLength(200);
        e.HasIndex(x => new { x.Cve, x.TechniqueId }).IsUnique();
    }
}
