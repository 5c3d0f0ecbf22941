namespace Tessera.Core.Detection.Sigma;

/// <summary>Rule maturity as in the Sigma specification (<c>status</c>).</summary>
public enum SigmaStatus
{
    Unspecified,
    Stable,
    Test,
    Experimental,
    Deprecated,
    Unsupported,
}

/// <summary>Rule severity as in the Sigma specification (<c>level</c>).</summary>
public enum SigmaLevel
{
    Unspecified,
    Informational,
    Low,
    Medium,
    High,
    Critical,
}

/// <summary>How a related rule relates (<c>related[].type</c>).</summary>
public enum SigmaRelationType
{
    Derived,
    Obsolete,
    Merged,
    Renamed,
    Similar,
}

/// <summary>Whether an <c>attack.&lt;tactic&gt;</c> tag names a tactic of ATT&amp;CK Enterprise 18.</summary>
public enum TacticRecognition
{
    /// <summary>A tactic short name of Enterprise 18.x.</summary>
    Known,
    /// <summary>Seen in content written for a newer release (v19 split Defense Evasion into Stealth and Defense Impairment).</summary>
    NewerRelease,
    /// <summary>Neither; kept verbatim and flagged.</summary>
    Unknown,
}
