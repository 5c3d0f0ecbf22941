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
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Owner is { Length: > MaxOwnerLength }) errors.Add($"owner is at most {MaxOwnerLength} characters");
        if (Note is { Length: > MaxNoteLength }) errors.Add($"note is at most {MaxNoteLength} characters");
        if (State == BacklogState.ClosedAutomatically) errors.Add("state ClosedAutomatically is set only by the reconciliation; use Done");
        // Both halves of a pair say opposite things; which one was meant is unknown, so neither is guessed.
        if (ClearOwner && !string.IsNullOrWhiteSpace(Owner)) errors.Add("give owner or clearOwner, not both");
        if (ClearDueOn && DueOn is not null) errors.Add("give dueOn or clearDueOn, not both");
        if (Text.EnteredDates.Problem("dueOn", DueOn) is { } due) errors.Add(due);
        if (Text.PlainText.OneLineProblem("owner", Owner) is { } owner) errors.Add(owner);
        if (Text.PlainText.MultiLineProblem("note", Note) is { } note) errors.Add(note);
        return errors;
    }
}
