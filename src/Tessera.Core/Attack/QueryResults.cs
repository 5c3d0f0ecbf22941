namespace Tessera.Core.Attack;

/// <summary>
/// A group, software or campaign that <c>uses</c> a technique, with the procedure text and its citations
/// (the <c>uses</c> relationship's description and external references).
/// </summary>
public sealed record ProcedureExample(AttackObject User, string Description, IReadOnlyList<ExternalReference> Citations);

/// <summary>
/// The other side of a <see cref="ProcedureExample"/>: an active technique a group, software or campaign uses, with the
/// procedure text and its citations.
/// </summary>
public sealed record TechniqueUse(Technique Technique, string Description, IReadOnlyList<ExternalReference> Citations);

/// <summary>A mitigation of a technique, with how it applies (the <c>mitigates</c> relationship's description).</summary>
public sealed record MitigationUse(Mitigation Mitigation, string Description);

/// <summary>
/// A revoked object followed through <c>revoked-by</c> relationships. <see cref="Final"/> is the active
/// (or deprecated) end of the chain, or null when the chain is broken or loops.
/// </summary>
public sealed record RevocationChain(AttackObject Start, IReadOnlyList<AttackObject> Steps, AttackObject? Final)
{
    /// <summary>True when the start object is not revoked at all.</summary>
    public bool IsCurrent => Steps.Count == 0 && Final == Start;
}

/// <summary>One hit of a fuzzy search, best first; <see cref="Score"/> is only meaningful within one search.</summary>
public sealed record SearchHit(AttackObject Object, double Score, string MatchedText);
