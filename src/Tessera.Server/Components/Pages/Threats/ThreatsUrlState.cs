using Tessera.Core.Threats;

namespace Tessera.Server.Components.Pages.Threats;

/// <summary>What the Threats page keeps in its URL: mode, selected groups/campaigns, sectors and the matrix colouring.</summary>
public sealed record ThreatsUrlState
{
    public string Mode { get; init; } = ThreatsUrl.DefaultMode;

    /// <summary>Group and campaign IDs as the release spells them (G0016, C0024).</summary>
    public IReadOnlyList<string> Actors { get; init; } = [];

    public IReadOnlyList<string> Sectors { get; init; } = [];

    public MatrixColouring Colouring { get; init; } = MatrixColouring.Coverage;

    /// <summary>True when there is something to compute: at least one actor or sector.</summary>
    public bool HasSelection => Actors.Count > 0 || Sectors.Count > 0;
}

/// <summary>The page's query parameters as the browser sent them (decoded), before any check.</summary>
public sealed record ThreatsUrlQuery(string? Actors, string? Sectors, string? Mode, string? Colouring);

/// <summary>One query parameter value the page could not use; the rest of the URL still applies.</summary>
public sealed record ThreatsUrlError(string Parameter, string Value, string Reason)
{
    /// <summary>What the page shows, e.g. <c>actors: 'G9999' is not a group or campaign of enterprise-attack@18.1</c>.</summary>
    public string Text => $"URL parameter {Parameter}: '{Value}' {Reason}";
}

/// <summary>What a URL selects, and what it named that does not exist or is malformed.</summary>
public sealed record ThreatsUrlParse(ThreatsUrlState State, IReadOnlyList<ThreatsUrlError> Errors);
