using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Tessera.Core.Attack;

/// <summary>
/// An ATT&amp;CK technique or sub-technique ID (<c>T1059</c>, <c>T1059.001</c>), validated once.
/// A well-formed ID need not exist in a loaded collection: newer content (e.g. v19 IDs in Sigma) is
/// kept and flagged by lookups rather than rejected here.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(TechniqueIdJsonConverter))]
public readonly partial record struct TechniqueId : IComparable<TechniqueId>
{
    /// <summary>The shape of an ID as a regular expression (also what the OpenAPI document advertises).</summary>
    public const string Pattern = @"^T\d{4}(\.\d{3})?$";

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    public string Value { get; }

    private TechniqueId(string value) => Value = value;

    public bool IsSubtechnique => Value.Length > 5;

    /// <summary>The parent technique of a sub-technique; the ID itself for a technique.</summary>
    public TechniqueId Parent => IsSubtechnique ? new TechniqueId(Value[..5]) : this;

    public static bool TryParse([NotNullWhen(true)] string? text, out TechniqueId id)
    {
        var trimmed = text?.Trim().ToUpperInvariant();
        var ok = trimmed is not null && Shape().IsMatch(trimmed);
        id = ok ? new TechniqueId(trimmed!) : default;
        return ok;
    }

    /// <summary>Parses an ID; throws <see cref="FormatException"/> for text that is not an ID.</summary>
    public static TechniqueId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not an ATT&CK technique ID (expected T1234 or T1234.567)");

    public int CompareTo(TechniqueId other) => string.CompareOrdinal(Value, other.Value);

    public override string ToString() => Value ?? "";
}
