using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Tessera.Core.Text;

namespace Tessera.Server.Api;

/// <summary>The <c>from</c> / <c>to</c> query parameters every dated listing takes, read one way.</summary>
internal static class QueryPeriod
{
    /// <summary>
    /// The period [from, to) of a listing (incidents, heatmap, audit trail), or a 400 when from is after to. A <c>to</c> given as a
    /// date alone (<c>to=2024-03-05</c>) means the end of that day, so from and to of the same day list that day; with a
    /// time it is exclusive.
    /// </summary>
    public static (DateTimeOffset? To, ProblemHttpResult? Problem) Read(HttpRequest request, DateTimeOffset? from, DateTimeOffset? to)
    {
        var wholeDay = to is { } day && IsDateOnly(request.Query["to"].ToString()) && day.DateTime < DateTime.MaxValue.AddDays(-2);
        var end = wholeDay ? to!.Value.AddDays(1) : to;
        // A whole day ends where the next begins: from at that point is already after it.
        if (from is { } start && end is { } stop && (wholeDay ? start >= stop : start > stop))
        {
            return (end, Problems.BadRequest($"from ({Echo.Clip(request.Query["from"].ToString(), 40)}) is after to ({Echo.Clip(request.Query["to"].ToString(), 40)}); "
                + "give from on or before to (a date alone as to includes that whole day; with a time, to is exclusive)."));
        }

        return (end, null);
    }

    private static bool IsDateOnly(string text) =>
        DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _);
}
