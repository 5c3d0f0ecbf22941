using Tessera.Core.Alerts;
using Tessera.Core.Alerts.Ingest;
using Tessera.Core.Alerts.Triage;

namespace Tessera.Server.Alerts;

/// <summary>One accepted input alert with the raw JSON it came from and its 1-based line (or array position).</summary>
public sealed record AlertInput(int Line, Alert Alert, string Raw, IReadOnlyList<string> Notices);

/// <summary>What an analyst does with an alert's suggestions.</summary>
public enum FeedbackAction
{
    Confirm,
    Correct,
    Reject,
}

/// <summary>
/// An analyst decision. Without techniques, Confirm confirms the top suggestion and Reject rejects every suggestion
/// shown; Correct always needs the right technique IDs. <paramref name="ExpectedVersion"/> is the alert version the
/// analyst decided on: when another decision landed since, nothing is written and the answer is a conflict carrying
/// the alert as it now stands. People's screens always send it; integrations may omit it (then the decision is made on
/// whatever version is current).
/// </summary>
public sealed record AlertFeedback(FeedbackAction Action, IReadOnlyList<string>? Techniques = null, string? Note = null, long? ExpectedVersion = null);

/// <summary>Why a triage operation did not happen; mapped to an HTTP status in one place (AlertEndpoints.Problem).</summary>
public enum TriageErrorKind
{
    Forbidden,
    NotFound,
    Invalid,
    Unavailable,
    /// <summary>Another decision landed since the version the analyst saw; <see cref="TriageError.Current"/> is the alert now.</summary>
    Conflict,
}

/// <param name="Field">The request field an Invalid error is about (the key of the problem's <c>errors</c>).</param>
public sealed record TriageError(TriageErrorKind Kind, string Message, IReadOnlyList<string>? Values = null, AlertRecord? Current = null,
    string Field = "techniques");

/// <summary>Either a value or the error that prevented it.</summary>
public sealed record TriageOutcome<T>(T? Value, TriageError? Error) where T : class
{
    public static implicit operator TriageOutcome<T>(T value) => new(value, null);

    public static implicit operator TriageOutcome<T>(TriageError error) => new(null, error);
}

/// <summary>
/// The alert after a decision, the techniques applied, those unknown to the loaded ATT&amp;CK release (kept, flagged), the
/// incidents whose copy of the alert took the decision's techniques, and the closed ones that kept theirs.
/// </summary>
public sealed record FeedbackResult(AlertRecord Alert, FeedbackAction Action, IReadOnlyList<string> Techniques, IReadOnlyList<string> UnknownTechniques,
    IReadOnlyList<long> IncidentsUpdated, IReadOnlyList<long> IncidentsClosed);

/// <summary>Stored alerts (input order) and rejected inputs with reasons: nothing is silently dropped.</summary>
public sealed record IngestReport(IReadOnlyList<(int Line, AlertRecord Alert)> Stored, IReadOnlyList<AlertParseError> Errors, IReadOnlyList<string> Notices);
