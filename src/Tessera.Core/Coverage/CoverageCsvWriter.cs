namespace Tessera.Core.Coverage;

/// <summary>Writes <see cref="CoverageTable"/> as RFC 4180 CSV (quoted where needed; formula-leading cells prefixed with ').</summary>
public static class CoverageCsvWriter
{
    public static void Write(CoverageReport report, TextWriter writer)
    {
        writer.Write(string.Join(",", CoverageTable.Header));
        writer.Write("\r\n");
        foreach (var row in CoverageTable.Rows(report))
        {
            writer.Write(string.Join(",", row.Select(Cell)));
            writer.Write("\r\n");
        }
    }

    public static string WriteToString(CoverageReport report)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        Write(report, writer);
        return writer.ToString();
    }

    // Rule titles and owners are user text: a leading = + - @ would run as a formula when the CSV opens in a spreadsheet.
    internal static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
