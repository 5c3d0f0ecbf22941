using Tessera.Core.Attack;

namespace Tessera.Core.Detection.Validation;

/// <summary>
/// One execution of a test (Atomic Red Team, breach-and-attack simulation, purple-team exercise) and its result.
/// </summary>
public sealed record ValidationRun
{
    public required Guid Id { get; init; }

    /// <summary>Where the record came from: <c>atomic-log</c>, <c>api</c>, <c>manual</c>, or a tool name.</summary>
    public required string Source { get; init; }

    /// <summary>Atomic test GUID when the test is an Atomic one.</summary>
    public Guid? TestGuid { get; init; }
    public required string TestName { get; init; }

    /// <summary>Technique exercised; may be absent from the loaded release (kept and flagged).</summary>
    public required TechniqueId Technique { get; init; }
    public required DateTimeOffset ExecutedAt { get; init; }
    public string Host { get; init; } = "";
    public required ValidationOutcome Outcome { get; init; }

    /// <summary>Rules that fired, by registry id or external id (Sigma UUID, saved-search name).</summary>
    public IReadOnlyList<string> FiredRules { get; init; } = [];

    /// <summary>False when an Atomic GUID is not in the catalogue (the run is kept, with a warning).</summary>
    public bool IsKnownTest { get; init; } = true;
    public string? Evidence { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
    public string? RecordedBy { get; init; }
}
