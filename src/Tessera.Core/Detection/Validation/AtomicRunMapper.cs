using Tessera.Core.Detection.Atomic;

namespace Tessera.Core.Detection.Validation;

/// <summary>
/// Turns Invoke-AtomicRedTeam execution log records into validation runs. The log says what ran, not what the SIEM
/// saw, so the caller states the verdict: <paramref name="outcome"/> for executions that exited 0 (default
/// <see cref="ValidationOutcome.Pending"/>) and the rules that fired; a non-zero exit code is an execution failure.
/// </summary>
public static class AtomicRunMapper
{
    public static IReadOnlyList<ValidationRun> ToRuns(
        IReadOnlyList<AtomicExecution> executions, ValidationOutcome outcome, IReadOnlyList<string> firedRules, Func<Guid> newId)
    {
        if (outcome == ValidationOutcome.Detected && firedRules.Count == 0)
        {
            throw new ArgumentException("a Detected verdict must name the rules that fired", nameof(firedRules));
        }

        return executions.Select(e => new ValidationRun
        {
            Id = newId(),
            Source = "atomic-log",
            TestGuid = e.TestGuid,
            TestName = e.TestName.Length > 0 ? $"{e.Technique}-{e.TestNumber} {e.TestName}" : $"{e.Technique}-{e.TestNumber}",
            Technique = e.Technique,
            ExecutedAt = e.ExecutedAtUtc,
            Host = e.Hostname,
            Outcome = e.ExitCode is { } code && code != 0 ? ValidationOutcome.ExecutionFailed : outcome,
            FiredRules = firedRules,
            IsKnownTest = e.IsKnownTest,
            Evidence = $"user {e.Username}, exit code {e.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}, log line {e.Line}",
        }).ToList();
    }
}
