namespace Tessera.Core.Incidents;

/// <summary>
/// Outcome of an <see cref="IncidentService"/> call: the value on success, or why nothing (or, for roll-up, what
/// else) changed. <see cref="Rollups"/> lists associations the call rolled up or un-rolled on this and parent incidents.
/// </summary>
public sealed record IncidentResult<T>
{
    public required IncidentOutcome Outcome { get; init; }
    public T? Value { get; init; }
    public string? Message { get; init; }
    public IReadOnlyList<IncidentError> Errors { get; init; } = [];
    public Incident? Current { get; init; }
    public IReadOnlyList<RollupChange> Rollups { get; init; } = [];

    public bool IsOk => Outcome == IncidentOutcome.Ok;

    public static IncidentResult<T> Ok(T value, IReadOnlyList<RollupChange>? rollups = null) =>
        new() { Outcome = IncidentOutcome.Ok, Value = value, Rollups = rollups ?? [] };

    public static IncidentResult<T> NotFound(string message) => new() { Outcome = IncidentOutcome.NotFound, Message = message };

    public static IncidentResult<T> Conflict(string message, Incident? current) =>
        new() { Outcome = IncidentOutcome.Conflict, Message = message, Current = current };

    public static IncidentResult<T> Locked(Incident current) => new()
    {
        Outcome = IncidentOutcome.Locked,
        Message = $"{current.Number} is closed: only its ATT&CK associations may change.",
        Current = current,
    };

    public static IncidentResult<T> Invalid(IReadOnlyList<IncidentError> errors) => new()
    {
        Outcome = IncidentOutcome.Invalid,
        Errors = errors,
        Message = errors.Count == 1 ? errors[0].Message : $"{errors.Count} problems; nothing was saved.",
    };

    /// <summary>Carries a failure over to another value type.</summary>
    public IncidentResult<TOther> As<TOther>() => new()
    {
        Outcome = Outcome, Message = Message, Errors = Errors, Current = Current, Rollups = Rollups,
    };
}
