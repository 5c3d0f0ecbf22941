namespace Tessera.Core.Incidents;

/// <summary>
/// One origin of an association: its kind and a reference inside that kind (analyst name, lookup id,
/// observable id, child incident id, alert id and rule). Written as <c>kind:ref</c>, e.g. <c>alert:#42 mimikatz detected</c>.
/// </summary>
public readonly record struct AssociationOrigin(OriginKind Kind, string Ref)
{
    /// <summary>Longest reference kept: rule names and user names are short; longer text is a caller bug.</summary>
    public const int MaxRefLength = 200;

    public static AssociationOrigin Manual(string userName) => new(OriginKind.Manual, userName);
    public static AssociationOrigin Lookup(long lookupId) => new(OriginKind.ThreatLookup, lookupId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    public static AssociationOrigin Observable(long observableId) => new(OriginKind.Observable, observableId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    public static AssociationOrigin Child(long incidentId) => new(OriginKind.ChildIncident, incidentId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    /// <summary>
    /// The origin of one attached alert: its key (<c>#</c> and the stored alert id when it came from alert triage, else the
    /// SIEM's own alert id), a space, and its rule or signature, cut to <see cref="MaxRefLength"/>.
    /// </summary>
    public static AssociationOrigin Alert(IncidentAlert alert)
    {
        var key = alert.AlertRecordId is { } record ? "#" + record.ToString(System.Globalization.CultureInfo.InvariantCulture) : alert.AlertId;
        var text = $"{key} {alert.Rule}";
        return new(OriginKind.Alert, Text.PlainText.Cut(text, MaxRefLength));
    }

    public bool IsDerived => Kind != OriginKind.Manual;

    /// <summary>The stored alert this origin came from (<c>alert:#42 …</c>); null for other kinds and for SIEM alert ids.</summary>
    public long? AlertRecordId
    {
        get
        {
            if (Kind != OriginKind.Alert || Ref is not ['#', ..])
            {
                return null;
            }

            var end = Ref.IndexOf(' ');
            return long.TryParse(Ref.AsSpan(1, (end < 0 ? Ref.Length : end) - 1), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
        }
    }

    /// <summary>The child incident this origin rolled up from (<c>child:7</c>); null for other kinds.</summary>
    public long? ChildIncidentId =>
        Kind == OriginKind.ChildIncident && long.TryParse(Ref, System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>The short prefix used in text forms and Navigator metadata.</summary>
    public static string Prefix(OriginKind kind) => kind switch
    {
        OriginKind.Manual => "manual",
        OriginKind.ThreatLookup => "lookup",
        OriginKind.Observable => "observable",
        OriginKind.ChildIncident => "child",
        OriginKind.Alert => "alert",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Parses <c>kind:ref</c>; false for an unknown kind or an empty reference.</summary>
    public static bool TryParse(string? text, out AssociationOrigin origin)
    {
        origin = default;
        var colon = text?.IndexOf(':') ?? -1;
        if (colon <= 0 || colon == text!.Length - 1)
        {
            return false;
        }

        var prefix = text[..colon];
        foreach (var kind in Enum.GetValues<OriginKind>())
        {
            if (Prefix(kind) == prefix)
            {
                origin = new AssociationOrigin(kind, text[(colon + 1)..]);
                return true;
            }
        }

        return false;
    }

    public override string ToString() => $"{Prefix(Kind)}:{Ref}";
}
