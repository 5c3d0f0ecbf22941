namespace Tessera.Core.Incidents;

/// <summary>
/// What an analyst picked for one source: tactics (short names, e.g. <c>execution</c>) and, per tactic, the
/// techniques or sub-techniques in it. A tactic with no techniques associates the tactic alone.
/// </summary>
public sealed record AssociationRequest(string SourceKey, IReadOnlyList<TacticSelection> Tactics);

/// <summary>One tactic and the technique IDs chosen under it.</summary>
public sealed record TacticSelection(string Tactic, IReadOnlyList<string> Techniques);
