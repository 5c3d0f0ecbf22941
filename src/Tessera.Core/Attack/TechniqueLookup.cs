namespace Tessera.Core.Attack;

/// <summary>How an ATT&amp;CK ID stands in one collection.</summary>
public enum TechniqueStatus
{
    /// <summary>Present, neither revoked nor deprecated.</summary>
    Active,
    /// <summary>Present but deprecated: no replacement is named.</summary>
    Deprecated,
    /// <summary>Present but revoked: <see cref="TechniqueLookup.Replacement"/> names the final replacement.</summary>
    Revoked,
    /// <summary>Well-formed but absent from this release (e.g. the v19 ID T1685 looked up in 18.1).</summary>
    NotInVersion,
    /// <summary>Not shaped like a technique ID (T1234 or T1234.567).</summary>
    InvalidId,
}

/// <summary>Result of looking up an ATT&amp;CK technique ID; never thrown, always returned.</summary>
public sealed record TechniqueLookup(string Query, TechniqueStatus Status, Technique? Technique = null, Technique? Replacement = null)
{
    public bool Found => Technique is not null;
}
