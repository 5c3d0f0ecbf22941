using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Exposures;
using Tessera.Infrastructure.Exposures;
using Tessera.Tests.Shared;

namespace Tessera.Server.Tests.Api.Exposures;

/// <summary>
/// Acceptances the test server's real clock has already seen expire: made through a store whose clock stands in the past,
/// so they pass the same rules a user's acceptance did then (no raw SQL, no sleeping).
/// </summary>
internal static class PastAcceptance
{
    /// <summary>Today (UTC) plus <paramref name="days"/>, as the API writes days.</summary>
    public static string Iso(int days) => ExposureStatusRules.Iso(Today.AddDays(days));

    public static DateOnly Today => ExposureStatusRules.Today(TimeProvider.System.GetUtcNow());

    /// <summary>Accepts exposure <paramref name="id"/> as of <paramref name="daysAgo"/> days ago for <paramref name="days"/> days; returns the end day.</summary>
    public static async Task<DateOnly> AcceptAsync(IServiceProvider services, Guid id, string reason, int daysAgo, int days)
    {
        var then = TimeProvider.System.GetUtcNow().AddDays(-daysAgo);
        IExposureStore store = ActivatorUtilities.CreateInstance<EfExposureStore>(services, new ManualClock(then));
        var until = ExposureStatusRules.Today(then).AddDays(days);
        var result = await store.SetStatusAsync(id, ExposureStatus.Accepted, reason, until, "analyst", TestContext.Current.CancellationToken);
        Assert.True(result.IsSaved, result.Message);
        return until;
    }
}
