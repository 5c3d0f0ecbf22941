using System.Globalization;
using Tessera.Core.Coverage;

namespace Tessera.Core.Backlog;

/// <summary>Writes backlog items as RFC 4180 CSV for ticketing imports, with the same cell escaping as the coverage export.</summary>
public static class BacklogCsvWriter
{
    public static IReadOnlyList<string> Header { get; } =
        ["id", "technique", "name", "reason", "state", "owner", "due_on", "detail", "note", "created_at", "updated_at", "closed_at"];

    public static string WriteToString(IEnumerable<BacklogItem> items)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        writer.Write(string.Join(",", Header));
        writer.Write("\r\n");
        foreach (var i in items)
        {
            string[] row =
            [
                i.Id.ToString(), i.Technique.Value, i.TechniqueName, i.Reason.ToString(), i.State.ToString(), i.Owner ?? "",
                i.DueOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", i.Detail, i.Note ?? "",
                Time(i.CreatedAt), Time(i.UpdatedAt), i.ClosedAt is { } c ? Time(c) : "",
            ];
            writer.Write(string.Join(",", row.Select(CoverageCsvWriter.Cell)));
            writer.Write("\r\n");
        }

        return writer.ToString();
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
