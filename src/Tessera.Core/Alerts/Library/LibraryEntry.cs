namespace Tessera.Core.Alerts.Library;

/// <summary>What analysts decided for one alert signature, with the full history of decisions.</summary>
public sealed record LibraryEntry
{
    /// <summary>The normalised title (<see cref="AlertSignature"/>); an import recomputes it, so a file may leave it out.</summary>
    public string Signature { get; init; } = "";
    /// <summary>A real title that produced this signature (shown in explanations).</summary>
    public required string ExampleTitle { get; init; }
    /// <summary>Techniques analysts confirmed (upper-case IDs).</summary>
    public IReadOnlyList<string> Confirmed { get; init; } = [];
    /// <summary>Techniques analysts rejected: never suggested again for this signature.</summary>
    public IReadOnlyList<string> Rejected { get; init; } = [];
    public IReadOnlyList<LibraryEvent> History { get; init; } = [];
    public DateTimeOffset Updated { get; init; }
}

/// <summary>One analyst decision.</summary>
public sealed record LibraryEvent(DateTimeOffset At, string Analyst, LibraryAction Action, IReadOnlyList<string> Techniques, string Title, string? Note = null);

/// <summary>Confirm adds techniques, Correct replaces the confirmed set, Reject removes and blocks them.</summary>
public enum LibraryAction
{
    Confirm,
    Correct,
    Reject,
}
