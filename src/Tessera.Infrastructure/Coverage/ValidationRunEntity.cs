namespace Tessera.Infrastructure.Coverage;

public sealed class ValidationRunEntity
{
    public Guid Id { get; set; }
    public required string Source { get; set; }
    public Guid? TestGuid { get; set; }
    public required string TestName { get; set; }
    public required string TechniqueId { get; set; }
    public DateTimeOffset ExecutedAt { get; set; }
    public required string Host { get; set; }
    public required string Outcome { get; set; }

    /// <summary>"|key1|key2|" of fired rule ids, searchable with LIKE.</summary>
    public required string FiredRulesText { get; set; }
    public bool IsKnownTest { get; set; }
    public string? Evidence { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public string? RecordedBy { get; set; }
}

public sealed class AtomicTestEntity
{
    public Guid Guid { get; set; }
    public required string TechniqueId { get; set; }
    public int Number { get; set; }
    public required string Name { get; set; }
    public required string Platforms { get; set; }
    public required string Executor { get; set; }
    public bool ElevationRequired { get; set; }
}
