using Tessera.Core.Attack;

namespace Tessera.Core.Detection.Sigma;

/// <summary>A rule's <c>tags</c>, split by meaning. <see cref="All"/> keeps every tag verbatim.</summary>
public sealed record SigmaTags
{
    /// <summary>From <c>attack.tNNNN[.NNN]</c>, upper-cased, duplicates removed, in file order.</summary>
    public IReadOnlyList<TechniqueId> Techniques { get; init; } = [];
    public IReadOnlyList<SigmaTactic> Tactics { get; init; } = [];

    /// <summary>Everything else: <c>cve.*</c>, <c>detection.*</c>, <c>car.*</c>, <c>attack.g0032</c> (groups), <c>attack.s0002</c> (software) …</summary>
    public IReadOnlyList<string> Other { get; init; } = [];
    public IReadOnlyList<string> All { get; init; } = [];

    public static SigmaTags Empty { get; } = new();
}

/// <summary>An ATT&amp;CK tactic tag by short name (<c>execution</c>, <c>stealth</c>) and whether Enterprise 18 knows it.</summary>
public sealed record SigmaTactic(string ShortName, TacticRecognition Recognition);
