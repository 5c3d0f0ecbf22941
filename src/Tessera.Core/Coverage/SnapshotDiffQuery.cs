using System.Globalization;

namespace Tessera.Core.Coverage;

/// <summary>"What did we lose since last quarter?": finds the snapshots nearest two dates and compares them.</summary>
public static class SnapshotDiffQuery
{
    /// <summary>
    /// Parses <c>2026-01-31</c> (a whole day: its end when <paramref name="endOfDay"/>, else its start) or a timestamp
    /// (UTC unless it names an offset); null when blank or unreadable.
    /// </summary>
    public static DateTimeOffset? ParseInstant(string? text, bool endOfDay)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return endOfDay ? start.AddDays(1).AddTicks(-1) : start;
        }

        return DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
    }

    /// <summary>
    /// The diff between the newest snapshots of <paramref name="collectionKey"/> taken at or before each instant, or
    /// an error naming what is missing (no snapshots at all, or none as early as <paramref name="from"/>).
    /// </summary>
    public static async Task<(CoverageSnapshotDiff? Diff, string? Error)> FindAsync(
        ICoverageSnapshotStore snapshots, string collectionKey, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        if (from > to)
        {
            return (null, $"from ({from:yyyy-MM-dd HH:mm}) is after to ({to:yyyy-MM-dd HH:mm}).");
        }

        var older = await snapshots.FindAtOrBeforeAsync(collectionKey, from, ct).ConfigureAwait(false);
        var newer = await snapshots.FindAtOrBeforeAsync(collectionKey, to, ct).ConfigureAwait(false);
        if (older is not null && newer is not null)
        {
            return (CoverageSnapshotDiff.Compare(older, newer), null);
        }

        var first = (await snapshots.ListAsync(collectionKey, 1_000, ct).ConfigureAwait(false)).FirstOrDefault();
        return (null, first is null
            ? $"there are no coverage snapshots of {collectionKey} yet (tessera coverage --snapshot, POST /api/v1/coverage/snapshots, or the daily snapshot job)."
            : $"no snapshot of {collectionKey} at or before {(older is null ? from : to):yyyy-MM-dd HH:mm} UTC; the oldest was taken {first.TakenAt:yyyy-MM-dd HH:mm} UTC.");
    }
}
