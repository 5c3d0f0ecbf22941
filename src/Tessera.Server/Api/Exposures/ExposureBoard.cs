using Tessera.Core.Exposures;

namespace Tessera.Server.Api.Exposures;

/// <summary>Both CTEM queues computed from one read of the stored exposures and one coverage report.</summary>
public sealed record ExposureBoard
{
    /// <summary>The Enterprise release coverage was measured against; null when none is loaded (every technique then counts as a gap).</summary>
    public string? Collection { get; init; }

    /// <summary>Every stored exposure: open ones first, then resolved and accepted ones, each highest <see cref="ExposurePriority.ExposureFormula"/> score first.</summary>
    public required IReadOnlyList<ExposureView> Exposures { get; init; }

    /// <summary>The exposure queue: open exposures only, highest score first.</summary>
    public IEnumerable<ExposureView> Queue => Exposures.Where(e => e.Status == ExposureStatus.Open.Slug());

    /// <summary>Techniques linked to open exposures that lack validated coverage, highest <see cref="ExposurePriority.GapFormula"/> score first.</summary>
    public required IReadOnlyList<GapView> Gaps { get; init; }

    /// <summary>Techniques mapped by hand to every exposure with a CVE, by CVE then technique, each with the exposures it applies to.</summary>
    public IReadOnlyList<CveMappingView> CveMappings { get; init; } = [];

    /// <summary>The team's ending-soon window the views' <see cref="ExposureView.AcceptanceEndingSoon"/> flags were computed with.</summary>
    public int AcceptanceWindowDays { get; init; } = AcceptanceReminder.DefaultWindowDays;

    /// <summary>Why the CTID mappings are not in use, when they are not.</summary>
    public string? MappingProblem { get; init; }
}
