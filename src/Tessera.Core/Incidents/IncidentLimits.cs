namespace Tessera.Core.Incidents;

/// <summary>Size caps on incident input, with the reason for each.</summary>
public static class IncidentLimits
{
    /// <summary>Titles are one line in lists and tickets.</summary>
    public const int MaxTitle = 300;

    /// <summary>Descriptions are notes, not evidence dumps (attach evidence as observables).</summary>
    public const int MaxDescription = 20_000;

    /// <summary>User names are capped at 64 by the user store; leave room for API key names.</summary>
    public const int MaxAssignee = 200;

    /// <summary>Long enough for URLs and process command lines, short enough to index.</summary>
    public const int MaxObservableValue = 2_000;

    /// <summary>Provider names, verdicts and alert titles are short labels.</summary>
    public const int MaxLabel = 300;

    /// <summary>A lookup or alert naming more techniques than this is noise, not evidence.</summary>
    public const int MaxTechniquesPerEvidence = 200;

    /// <summary>One save or bulk call: a whole matrix (~800 techniques × tactics) fits with headroom.</summary>
    public const int MaxAssociationsPerRequest = 5_000;

    /// <summary>Parent chains deeper than this are refused (and roll-up stops), which also guards against cycles.</summary>
    public const int MaxNesting = 16;
}
