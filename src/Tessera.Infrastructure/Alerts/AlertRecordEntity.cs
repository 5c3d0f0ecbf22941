using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tessera.Infrastructure.Storage.Entities;

namespace Tessera.Infrastructure.Alerts;

/// <summary>An ingested alert with its mapping and triage state.</summary>
public sealed class AlertRecordEntity : IVersionedEntity
{
    public long Id { get; set; }
    public required string ExternalId { get; set; }
    public required string Source { get; set; }
    public required string Format { get; set; }
    public required string Title { get; set; }
    /// <summary>Lower-cased start of the title: case-insensitive search the same way on both providers.</summary>
    public required string SearchText { get; set; }
    public required string RawJson { get; set; }
    public bool RawTruncated { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public required string MappingJson { get; set; }
    public required string State { get; set; }
    public string? TriagedBy { get; set; }
    public DateTimeOffset? TriagedAt { get; set; }
    /// <summary>Bumped on every decision: a decision made on an older version is refused, not written over another analyst's.</summary>
    public long Version { get; set; }
}

internal sealed class AlertRecordConfiguration : IEntityTypeConfiguration<AlertRecordEntity>
{
    // Searching the first 1,000 chars is enough to find an alert by its title; the full title is kept in Title.
    public const int SearchChars = 1000;

    public void Configure(EntityTypeBuilder<AlertRecordEntity> e)
    {
        e.ToTable("alerts");
        e.HasKey(x => x.Id);
        e.Property(x => x.ExternalId).HasMaxLength(200);
        e.Property(x => x.Source).HasMaxLength(64);
        e.Property(x => x.Format).HasMaxLength(16);
        e.Property(x => x.SearchText).HasMaxLength(SearchChars);
        e.Property(x => x.State).HasMaxLength(16);
        e.Property(x => x.TriagedBy).HasMaxLength(200);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasIndex(x => x.State);
        e.HasIndex(x => x.Source);
    }
}
