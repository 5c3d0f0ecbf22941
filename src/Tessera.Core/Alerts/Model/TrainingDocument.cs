namespace Tessera.Core.Alerts.Model;

/// <summary>Where a training text came from; the builder weights sources differently and can exclude any of them.</summary>
public enum TrainingSource
{
    AttackTechnique,
    AttackProcedure,
    Sigma,
    Atomic,
    Tram,
    Kev,
    Library,
    /// <summary>ATT&amp;CK v18 detection strategies (name + their analytics' descriptions) that detect a technique.</summary>
    AttackDetection,
    /// <summary>CTID security-stack mappings (AWS, Azure, GCP, M365 controls → techniques) and the alert names they quote.</summary>
    CloudMapping,
}

/// <summary>
/// One labelled training text. <see cref="Group"/> names a hold-out unit (for Sigma the top folder, e.g.
/// <c>rules/windows</c> or <c>rules-emerging-threats</c>) so evaluation can train without it.
/// </summary>
public sealed record TrainingDocument
{
    public required string Text { get; init; }
    /// <summary>Upper-case technique IDs; may include IDs newer than the loaded ATT&amp;CK release (flagged at build).</summary>
    public required IReadOnlyList<string> Labels { get; init; }
    public required TrainingSource Source { get; init; }
    public string Group { get; init; } = "";
    /// <summary>Short form shown in <c>why</c> lines when this document is a nearest neighbour (e.g. a Sigma title).</summary>
    public string Display { get; init; } = "";
    /// <summary>Short alert-like texts (Sigma titles, Atomic test names, KEV descriptions) also feed the neighbour index.</summary>
    public bool AlertLike { get; init; }
}
