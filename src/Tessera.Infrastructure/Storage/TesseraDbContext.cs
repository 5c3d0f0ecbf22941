using Microsoft.EntityFrameworkCore;
using Tessera.Infrastructure.Storage.Entities;

namespace Tessera.Infrastructure.Storage;

/// <summary>
/// The Tessera schema, shared by both providers. Each provider has a subclass
/// (<see cref="SqliteTesseraDbContext"/>, <see cref="PostgresTesseraDbContext"/>) so each keeps its own migrations
/// folder; code outside this assembly uses this base type, created by <see cref="TesseraDbContextFactory"/>.
/// Features add their entities here and a migration for both providers.
/// </summary>
public abstract class TesseraDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<UserEntity> Users => Set<UserEntity>();
    public DbSet<ApiKeyEntity> ApiKeys => Set<ApiKeyEntity>();
    public DbSet<AuditEntryEntity> AuditEntries => Set<AuditEntryEntity>();
    public DbSet<AttackSourceEntity> AttackSources => Set<AttackSourceEntity>();
    public DbSet<TechniqueReferenceEntity> TechniqueReferences => Set<TechniqueReferenceEntity>();
    public DbSet<TechniqueReferenceHistoryEntity> TechniqueReferenceHistory => Set<TechniqueReferenceHistoryEntity>();
    public DbSet<SettingEntity> Settings => Set<SettingEntity>();
    public DbSet<LeaseEntity> Leases => Set<LeaseEntity>();

    public abstract StorageProvider Provider { get; }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BumpVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BumpVersions();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    // The WHERE clause uses the original version; the row gets original + 1.
    private void BumpVersions()
    {
        foreach (var entry in ChangeTracker.Entries<IVersionedEntity>())
        {
            if (entry.State == EntityState.Modified)
            {
                var version = entry.Property(e => e.Version);
                version.CurrentValue = version.OriginalValue + 1;
            }
            else if (entry.State == EntityState.Added && entry.Entity.Version == 0)
            {
                entry.Entity.Version = 1;
            }
        }
    }

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<UserEntity>(e =>
        {
            e.ToTable("users");
            e.HasKey(x => x.Id);
            e.Property(x => x.UserName).HasMaxLength(64);
            e.Property(x => x.NormalizedUserName).HasMaxLength(64);
            e.HasIndex(x => x.NormalizedUserName).IsUnique();
            e.Property(x => x.DisplayName).HasMaxLength(200);
            e.Property(x => x.Role).HasMaxLength(32);
            e.Property(x => x.PasswordHash).HasMaxLength(256);
            e.Property(x => x.Version).IsConcurrencyToken();
        });

        model.Entity<ApiKeyEntity>(e =>
        {
            e.ToTable("api_keys");
            e.HasKey(x => x.KeyId);
            e.Property(x => x.KeyId).HasMaxLength(32);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Role).HasMaxLength(32);
            e.Property(x => x.SecretHash).HasMaxLength(64);
            e.Property(x => x.CreatedBy).HasMaxLength(200);
        });

        model.Entity<AuditEntryEntity>(e =>
        {
            e.ToTable("audit_entries");
            e.HasKey(x => x.Id);
            e.Property(x => x.ActorKind).HasMaxLength(16);
            e.Property(x => x.ActorId).HasMaxLength(200);
            e.Property(x => x.ActorName).HasMaxLength(200);
            e.Property(x => x.Action).HasMaxLength(100);
            e.Property(x => x.EntityType).HasMaxLength(100);
            e.Property(x => x.EntityId).HasMaxLength(200);
            e.Property(x => x.CorrelationId).HasMaxLength(100);
            e.HasIndex(x => x.At);
            e.HasIndex(x => new { x.EntityType, x.EntityId });
            e.HasIndex(x => x.ActorId);
            e.HasIndex(x => x.Action);
            e.HasIndex(x => x.CorrelationId);
        });

        model.Entity<AttackSourceEntity>(e =>
        {
            e.ToTable("attack_sources");
            e.HasKey(x => x.Key);
            e.Property(x => x.Key).HasMaxLength(100);
            e.Property(x => x.Domain).HasMaxLength(32);
            e.Property(x => x.Version).HasMaxLength(32);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.ChangedBy).HasMaxLength(200);
        });

        model.Entity<TechniqueReferenceEntity>(e =>
        {
            e.ToTable("technique_references");
            e.HasKey(x => x.Id);
            e.Property(x => x.OwnerType).HasMaxLength(64);
            e.Property(x => x.OwnerId).HasMaxLength(200);
            e.Property(x => x.TechniqueId).HasMaxLength(32);
            e.Property(x => x.CollectionKey).HasMaxLength(100);
            e.HasIndex(x => new { x.OwnerType, x.OwnerId });
            e.HasIndex(x => x.CollectionKey);
            e.HasMany(x => x.History).WithOne().HasForeignKey(h => h.ReferenceId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<TechniqueReferenceHistoryEntity>(e =>
        {
            e.ToTable("technique_reference_history");
            e.HasKey(x => x.Id);
            e.Property(x => x.OldTechniqueId).HasMaxLength(32);
            e.Property(x => x.NewTechniqueId).HasMaxLength(32);
            e.Property(x => x.OldCollectionKey).HasMaxLength(100);
            e.Property(x => x.NewCollectionKey).HasMaxLength(100);
            e.Property(x => x.Reason).HasMaxLength(500);
        });

        model.Entity<SettingEntity>(e =>
        {
            e.ToTable("settings");
            e.HasKey(x => x.Key);
            e.Property(x => x.Key).HasMaxLength(200);
        });

        model.Entity<LeaseEntity>(e =>
        {
            e.ToTable("leases");
            e.HasKey(x => x.Name);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Owner).HasMaxLength(200);
        });
    }
}
