namespace Tessera.Core.Detection.Atomic;

/// <summary>
/// All-or-nothing outcome of reading one execution log: when <see cref="Errors"/> is non-empty,
/// <see cref="Executions"/> is empty. Unknown test GUIDs are warnings (one per line), not errors.
/// </summary>
public sealed record AtomicExecutionLogResult
{
    public required string File { get; init; }
    public IReadOnlyList<AtomicExecution> Executions { get; init; } = [];
    public IReadOnlyList<DetectionIssue> Errors { get; init; } = [];
    public IReadOnlyList<DetectionIssue> Warnings { get; init; } = [];
    public bool IsValid => Errors.Count == 0;
}
