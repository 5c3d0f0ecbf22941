namespace Tessera.Core.Attack;

/// <summary>The three ATT&amp;CK domains, named as in STIX <c>x_mitre_domains</c>.</summary>
public enum AttackDomain
{
    Enterprise,
    Mobile,
    Ics,
}

public static class AttackDomains
{
    public static string ToStixName(this AttackDomain domain) => domain switch
    {
        AttackDomain.Enterprise => "enterprise-attack",
        AttackDomain.Mobile => "mobile-attack",
        AttackDomain.Ics => "ics-attack",
        _ => throw new ArgumentOutOfRangeException(nameof(domain)),
    };

    public static bool TryParse(string? text, out AttackDomain domain)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "enterprise-attack" or "enterprise": domain = AttackDomain.Enterprise; return true;
            case "mobile-attack" or "mobile": domain = AttackDomain.Mobile; return true;
            case "ics-attack" or "ics": domain = AttackDomain.Ics; return true;
            default: domain = default; return false;
        }
    }
}
