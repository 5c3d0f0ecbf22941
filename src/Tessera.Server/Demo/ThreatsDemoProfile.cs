using Tessera.Server.Components.Pages.Threats;

namespace Tessera.Server.Demo;

/// <summary>
/// The threat profile the demo opens the Threats page with: groups whose ATT&amp;CK techniques match most of the demo's
/// incidents and exposures. Nothing is stored: the profile is a URL, which the nav entry links to in demo mode.
/// </summary>
public static class ThreatsDemoProfile
{
    /// <summary>
    /// APT29 (password spraying and OAuth consent against Microsoft 365, VPN exploitation), FIN7 (invoice phishing with
    /// macros, PowerShell), Wizard Spider (phishing to ransomware: LSASS dumping, SMB lateral movement, shadow copy
    /// deletion) and HAFNIUM (Exchange exploitation and web shells, as in the demo scan's ProxyLogon).
    /// </summary>
    public static IReadOnlyList<string> Actors { get; } = ["G0016", "G0046", "G0102", "G0125"];

    public const string Names = "APT29, FIN7, Wizard Spider and HAFNIUM";

    /// <summary>Relative URL of the Threats page showing the demo profile.</summary>
    public static string Href { get; } = ThreatsUrl.Format(new ThreatsUrlState { Actors = Actors });
}
