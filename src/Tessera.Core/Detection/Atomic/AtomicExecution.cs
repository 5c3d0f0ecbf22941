using Tessera.Core.Attack;

namespace Tessera.Core.Detection.Atomic;

/// <summary>
/// One test run recorded by Invoke-AtomicRedTeam's default execution logger (CSV) or an equivalent JSON export.
/// </summary>
public sealed record AtomicExecution
{
    /// <summary>1-based line in the log where the record starts.</summary>
    public required int Line { get; init; }
    public required DateTimeOffset ExecutedAtUtc { get; init; }

    /// <summary>
    /// "Execution Time (Local)" verbatim: the logger formats local time with a literal 'Z' suffix, so it is not a
    /// reliable instant and is kept as text.
    /// </summary>
    public string? ExecutedAtLocalText { get; init; }
    public required TechniqueId Technique { get; init; }
    public required int TestNumber { get; init; }
    public string TestName { get; init; } = "";
    public required Guid TestGuid { get; init; }
    public string Hostname { get; init; } = "";

    /// <summary>As logged; PowerShell writes <c>System.Object[]</c> when a host has several addresses.</summary>
    public string? IpAddress { get; init; }
    public string Username { get; init; } = "";
    public int? ProcessId { get; init; }
    public int? ExitCode { get; init; }

    /// <summary>False when the GUID is absent from the catalogue the log was checked against (also reported as a warning).</summary>
    public required bool IsKnownTest { get; init; }
}
