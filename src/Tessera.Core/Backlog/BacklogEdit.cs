namespace Tessera.Core.Backlog;

/// <summary>An engineer's edit; null fields stay as they are, Clear… flags empty them.</summary>
public sealed record BacklogEdit
{
    public string? Owner { get; init; }
    public bool ClearOwner { get; init; }
    public DateOnly? DueOn { get; init; }
    public bool ClearDueOn { get; init; }
    public BacklogState? State { get; init; }
    public string? Note { get; init; }

    /// <summary>Longest owner and note: a name and a paragraph, not a document.</summary>
    public const int MaxOwnerLength = 200, MaxNoteLength = 4000;

    /// <summary>Messages for invalid fields; empty when valid. Engineers cannot close an item "automatically".</summary>
    public IReadOnlyList<string> Validate() => [.. Problems().Select(p => p.Message)];

    /// <summary>
    /// The same messages keyed by the request field each names (<c>dueOn</c>, <c>owner</c>, <c>note</c>, <c>state</c>; a
    /// contradictory pair under its value's field), in order; empty when valid. What an API problem's <c>errors</c> holds.
    /// </summary>
    public IReadOnlyDictionary<string, string[]> FieldErrors() =>
        Problems().GroupBy(p => p.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal);

    private List<(string Field, string Message)> Problems()
    {
        var errors = new List<(string Field, string Message)>();
        if (Owner is { Length: > MaxOwnerLength }) errors.Add(("owner", $"owner is at most {MaxOwnerLength} characters"));
        if (Note is { Length: > MaxNoteLength }) errors.Add(("note", $"note is at most {MaxNoteLength} characters"));
        if (State == BacklogState.ClosedAutomatically) errors.Add(("state", "state ClosedAutomatically is set only by the reconciliation; use Done"));
        // Both halves of a pair say opposite things; which one was meant is unknown, so neither is guessed.
        if (ClearOwner && !string.IsNullOrWhiteSpace(Owner)) errors.Add(("owner", "give owner or clearOwner, not both"));
        if (ClearDueOn && DueOn is not null) errors.Add(("dueOn", "give dueOn or clearDueOn, not both"));
        if (Text.EnteredDates.Problem("dueOn", DueOn) is { } due) errors.Add(("dueOn", due));
        if (Text.PlainText.OneLineProblem("owner", Owner) is { } owner) errors.Add(("owner", owner));
        if (Text.PlainText.MultiLineProblem("note", Note) is { } note) errors.Add(("note", note));
        return errors;
    }
}
