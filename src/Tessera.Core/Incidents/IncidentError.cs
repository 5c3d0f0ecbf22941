namespace Tessera.Core.Incidents;

/// <summary>
/// One thing wrong with incident input: a stable <see cref="Code"/> (for clients), a message for people and the
/// <see cref="Field"/> it concerns, e.g. <c>associations[0].tactics[1].techniques[2]</c>.
/// </summary>
public sealed record IncidentError(string Code, string Message, string Field)
{
    public static IncidentError Required(string field) => new("required", $"{field} is required.", field);

    public static IncidentError TooLong(string field, int max) => new("too-long", $"{field} is longer than {max} characters.", field);
}
