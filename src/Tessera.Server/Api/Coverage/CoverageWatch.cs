using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Tessera.Core.Attack;
using Tessera.Core.Coverage;
using Tessera.Server.Knowledge;
using Tessera.Server.Security;

namespace Tessera.Server.Api.Coverage;

/// <summary>Coverage of the newest Enterprise collection just before a change, for <see cref="CoverageWatch.ProcessAsync"/>.</summary>
public sealed record CoverageBaseline(AttackCollection Attack, CoverageReport Report);

/// <summary>
/// The API's hook into <see cref="CoverageChangeMonitor"/>: endpoints that change rules, validations, data sources
/// or coverage settings capture coverage before writing and hand it over after a successful write.
/// </summary>
public sealed class CoverageWatch(KnowledgeBaseHost knowledge, CoverageChangeMonitor monitor, CoverageReportCache cache, ILogger<CoverageWatch> log)
{
    /// <summary>Coverage now; null when no Enterprise collection is loaded (nothing to compare then).</summary>
    public async Task<CoverageBaseline?> CaptureAsync(CancellationToken ct) =>
        knowledge.Latest(AttackDomain.Enterprise) is { } attack ? new CoverageBaseline(attack, await monitor.CaptureAsync(attack, ct)) : null;

    /// <summary>Detects regressions and reconciles the backlog; returns null when there was no baseline or the processing failed.</summary>
    public async Task<CoverageChangeOutcome?> ProcessAsync(CoverageBaseline? before, string trigger, ClaimsPrincipal who, CancellationToken ct)
    {
        cache.Invalidate();
        if (before is null)
        {
            return null;
        }

        try
        {
            return await monitor.ProcessAsync(before.Report, before.Attack, trigger, who.Actor(), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The change itself is committed; failing the request now would invite a retry that repeats it. The
            // staleness job reconciles the backlog again; only this change's regression record is lost, and logged.
            log.LogError(ex, "Coverage change processing failed after {Trigger}", trigger);
            return null;
        }
    }
}
