namespace Tessera.Core.Incidents;

/// <summary>
/// A security incident. <see cref="Version"/> is the optimistic-concurrency token: every write (fields or
/// associations) increments it, and a write naming an older version is refused as a conflict.
/// </summary>
public sealed record Incident
{
    public required long Id { get; init; }
    public required string Title { get; init; }
    public string Description { get; init; } = "";
    public required IncidentSeverity Severity { get; init; }
    public required IncidentState State { get; init; }
    public string? Assignee { get; init; }
    public long? ParentId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public required long Version { get; init; }

    /// <summary>The number people quote, e.g. <c>INC-00042</c>.</summary>
    public string Number => FormatNumber(Id);

    public bool IsClosed => State == IncidentState.Closed;

    public static string FormatNumber(long id) => $"INC-{id:D5}";

    /// <summary>The one message for an incident ID that names no incident (API 404s, CLI errors, batch items).</summary>
    public static string Missing(long id) => $"Incident {id} does not exist.";

    /// <summary>Reads <c>INC-00042</c>, <c>inc-42</c>, <c>42</c> or a picker entry such as "INC-00042 Phishing"; false when no positive number is named.</summary>
    public static bool TryParseNumber(string? text, out long id)
    {
        var token = (text ?? "").Trim().Split(' ', 2)[0];
        if (token.StartsWith("INC-", StringComparison.OrdinalIgnoreCase))
        {
            token = token[4..];
        }

        return long.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out id) && id > 0;
    }
}
