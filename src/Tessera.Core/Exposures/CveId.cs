using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Tessera.Core.Exposures;

/// <summary>A CVE ID (<c>CVE-2024-3400</c>), trimmed and upper-case, validated once.</summary>
public readonly partial record struct CveId
{
    /// <summary>
    /// The longest ID accepted: <c>CVE-YYYY-</c> plus 23 digits. CVE numbers run to 7 digits today, and the stored column is this
    /// wide (an exposure's CVE too), so a longer "ID" is rejected rather than truncated.
    /// </summary>
    public const int MaxLength = 32;

    [GeneratedRegex(@"^CVE-\d{4}-\d{4,}$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    public string Value { get; }

    private CveId(string value) => Value = value;

    /// <summary>True when <paramref name="text"/>, trimmed and upper-cased, has the shape <c>CVE-YYYY-NNNN</c> (four or more digits).</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out CveId id)
    {
        var upper = text?.Trim().ToUpperInvariant();
        var ok = upper is { Length: <= MaxLength } && Shape().IsMatch(upper);
        id = ok ? new CveId(upper!) : default;
        return ok;
    }

    /// <summary>Parses an ID; throws <see cref="FormatException"/> for text that is not a CVE ID.</summary>
    public static CveId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException(NotACveId(text));

    /// <summary>The one wording of a rejected CVE ID; <paramref name="echoed"/> is the caller's (possibly shortened) copy of the input.</summary>
    public static string NotACveId(string echoed) => $"'{echoed}' is not a CVE ID (expected CVE-2024-12345)";

    public override string ToString() => Value ?? "";
}
