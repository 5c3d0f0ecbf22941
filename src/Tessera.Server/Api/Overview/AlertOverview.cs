namespace Tessera.Server.Api.Overview;

/// <summary>Stored alerts by triage state, and how many alert signatures the analysts' library holds.</summary>
public sealed record AlertOverview
{
    /// <summary>Alerts no analyst has decided on yet (state New).</summary>
    public required int AwaitingTriage { get; init; }
    public required int Confirmed { get; init; }
    public required int Corrected { get; init; }
    public required int Rejected { get; init; }
    public required int LibraryEntries { get; init; }
}
