namespace Tessera.Core.Coverage;

/// <summary>
/// Coverage at one instant, kept for history and trend: totals for all techniques and the priority scope, and
/// the state of every technique that is not a gap (gaps are implied, which keeps a snapshot small).
/// </summary>
public sealed record CoverageSnapshot
{
    public long Id { get; init; }
    public required DateTimeOffset TakenAt { get; init; }
    public required string CollectionKey { get; init; }
    public required CoverageCounts All { get; init; }
    public required CoverageCounts Priority { get; init; }
    public IReadOnlyDictionary<string, CoverageState> States { get; init; } = new Dictionary<string, CoverageState>();

    /// <summary>Why it was taken (<c>rules import</c>, <c>validation run</c>, <c>manual</c> …).</summary>
    public string Note { get; init; } = "";

    /// <summary>A note is a label shown in the history list, not a document: at most this many characters.</summary>
    public const int MaxNoteChars = 200;

    /// <summary>Null when <paramref name="note"/> can label a snapshot; otherwise "note: why not".</summary>
    public static string? NoteProblem(string note) =>
        note.Length > MaxNoteChars
            ? $"note: at most {MaxNoteChars} characters ({note.Length:N0} given); a snapshot's note labels it in the history list."
            : Text.PlainText.OneLineProblem("note:", note);

    /// <summary>The snapshot of <paramref name="report"/>, taken at the report's computation time.</summary>
    public static CoverageSnapshot From(CoverageReport report, string note) => new()
    {
        TakenAt = report.ComputedAt,
        CollectionKey = report.CollectionKey,
        All = report.Summarize(CoverageScope.All) with { Key = "all" },
        Priority = report.Summarize(CoverageScope.Priority) with { Key = "priority" },
        States = report.Techniques.Concat(report.UnknownTechniques).Where(t => t.State != CoverageState.Gap)
            .ToDictionary(t => t.Id.Value, t => t.State, StringComparer.OrdinalIgnoreCase),
        Note = note,
    };

    /// <summary>The state of <paramref name="techniqueId"/> in this snapshot (gap when absent).</summary>
    public CoverageState StateOf(string techniqueId) => States.GetValueOrDefault(techniqueId, CoverageState.Gap);
}
