using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tessera.Infrastructure.Alerts;

/// <summary>One alert-library signature. Keyed by the SHA-256 of the signature: signatures reach 2,048 chars, too long for a portable index.</summary>
public sealed class AlertLibraryEntryEntity
{
    public required string Key { get; set; }
    public required string Signature { get; set; }
    public required string ExampleTitle { get; set; }
    /// <summary>Technique IDs joined with ',' (IDs never contain commas).</summary>
    public string Confirmed { get; set; } = "";
    public string Rejected { get; set; } = "";
    public DateTimeOffset Updated { get; set; }
    public List<AlertLibraryEventEntity> Events { get; set; } = [];
}

/// <summary>One analyst decision on a library entry; <see cref="Sequence"/> keeps the order.</summary>
public sealed class AlertLibraryEventEntity
{
    public long Id { get; set; }
    public required string EntryKey { get; set; }
    public int Sequence { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Analyst { get; set; }
    public required string Action { get; set; }
    public string Techniques { get; set; } = "";
    public required string Title { get; set; }
    public string? Note { get; set; }
}

/// <summary>
/// One stored change of an entry (a decision, an import, an ATT&amp;CK migration rewriting its techniques). Its ID is the
/// entry's revision and what other instances' refresh cursors count: every write adds one, whether or not it adds events
/// (an imported entry without history, a rewrite in place).
/// </summary>
public sealed class AlertLibraryChangeEntity
{
    public long Id { get; set; }
    public required string EntryKey { get; set; }
}

internal sealed class AlertLibraryEntryConfiguration : IEntityTypeConfiguration<AlertLibraryEntryEntity>
{
    public void Configure(EntityTypeBuilder<AlertLibraryEntryEntity> e)
    {
        e.ToTable("alert_library_entries");
        e.HasKey(x => x.Key);
        e.Property(x => x.Key).HasMaxLength(64);
        e.Property(x => x.Confirmed).HasMaxLength(4000);
        e.Property(x => x.Rejected).HasMaxLength(4000);
        e.HasMany(x => x.Events).WithOne().HasForeignKey(x => x.EntryKey).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AlertLibraryEventConfiguration : IEntityTypeConfiguration<AlertLibraryEventEntity>
{
    public void Configure(EntityTypeBuilder<AlertLibraryEventEntity> e)
    {
        e.ToTable("alert_library_events");
        e.HasKey(x => x.Id);
        e.Property(x => x.EntryKey).HasMaxLength(64);
        e.Property(x => x.Analyst).HasMaxLength(200);
        e.Property(x => x.Action).HasMaxLength(16);
        e.Property(x => x.Techniques).HasMaxLength(4000);
        e.Property(x => x.Note).HasMaxLength(2000);
        e.HasIndex(x => new { x.EntryKey, x.Sequence }).IsUnique();
    }
}

internal sealed class AlertLibraryChangeConfiguration : IEntityTypeConfiguration<AlertLibraryChangeEntity>
{
    public void Configure(EntityTypeBuilder<AlertLibraryChangeEntity> e)
    {
        e.ToTable("alert_library_changes");
        e.HasKey(x => x.Id);
        e.Property(x => x.EntryKey).HasMaxLength(64);
        e.HasOne<AlertLibraryEntryEntity>().WithMany().HasForeignKey(x => x.EntryKey).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => x.EntryKey);
    }
}
