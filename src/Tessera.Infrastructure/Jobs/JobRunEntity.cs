using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tessera.Infrastructure.Jobs;

public sealed class JobRunEntity
{
    public Guid Id { get; set; }
    public required string JobName { get; set; }
    public required string Instance { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset FinishedAt { get; set; }
    public required string Outcome { get; set; }
    public string? Error { get; set; }
    public string? Summary { get; set; }
}

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRunEntity>
{
    public void Configure(EntityTypeBuilder<JobRunEntity> e)
    {
        e.ToTable("job_runs");
        e.HasKey(x => x.Id);
        e.Property(x => x.JobName).HasMaxLength(100);
        e.Property(x => x.Instance).HasMaxLength(200);
        e.Property(x => x.Outcome).HasMaxLength(16);
        e.Property(x => x.Error).HasMaxLength(1000);
        e.Property(x => x.Summary).HasMaxLength(500);
        e.HasIndex(x => new { x.JobName, x.StartedAt });
    }
}
