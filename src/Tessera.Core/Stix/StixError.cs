namespace Tessera.Core.Stix;

/// <summary>What went wrong while reading a STIX bundle.</summary>
public enum StixErrorKind
{
    /// <summary>The bytes are not well-formed JSON (or not valid UTF-8).</summary>
    MalformedJson,
    /// <summary>Well-formed JSON that is not a STIX bundle (no <c>"type": "bundle"</c> or no <c>objects</c> array).</summary>
    NotABundle,
    /// <summary>An object lacks a field the ATT&amp;CK model needs (id, type, name, ATT&amp;CK external ID …).</summary>
    MissingField,
    /// <summary>A field has the wrong JSON type or an unusable value.</summary>
    InvalidField,
    /// <summary>A reference (relationship end, tactic, analytic, data component …) names an object the bundle lacks.</summary>
    DanglingReference,
    /// <summary>Two objects share one STIX ID.</summary>
    DuplicateId,
    /// <summary>The input is larger than the size cap.</summary>
    TooLarge,
    /// <summary>The ATT&amp;CK release or domain cannot be determined.</summary>
    UnknownCollection,
    /// <summary>The file, folder or URL could not be read.</summary>
    Unreadable,
    /// <summary>Not a failure: an object type the model does not know was skipped.</summary>
    SkippedType,
}

/// <summary>
/// Where a problem is: the file (or URL), 1-based line and column when known, and the byte offset from
/// the start of the input.
/// </summary>
public sealed record StixLocation(string File, long? Line = null, long? Column = null, long? ByteOffset = null)
{
    public override string ToString() =>
        Line is { } line ? $"{File}:{line}{(Column is { } col ? $":{col}" : "")}" : ByteOffset is { } at ? $"{File}@{at}" : File;
}

/// <summary>One problem found in a bundle, with the object and field it concerns when there is one.</summary>
public sealed record StixError(StixErrorKind Kind, string Message, StixLocation At, string? ObjectId = null, string? Field = null)
{
    public override string ToString() =>
        $"{At}: {Message}{(ObjectId is null ? "" : $" [object {ObjectId}]")}{(Field is null ? "" : $" [field {Field}]")}";
}
