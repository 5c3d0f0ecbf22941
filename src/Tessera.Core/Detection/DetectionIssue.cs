namespace Tessera.Core.Detection;

/// <summary>
/// One problem found while reading detection content. <see cref="IssueSeverity.Error"/> rejects the file (or
/// the import, for all-or-nothing readers); <see cref="IssueSeverity.Warning"/> keeps the item and flags it
/// (e.g. a tactic from a newer ATT&amp;CK release).
/// </summary>
public sealed record DetectionIssue(DetectionIssueKind Kind, string Message, SourceLocation At, IssueSeverity Severity = IssueSeverity.Error)
{
    public bool IsError => Severity == IssueSeverity.Error;

    public override string ToString() => $"{At}: {Severity.ToString().ToLowerInvariant()} {Kind}: {Message}";
}

public enum IssueSeverity
{
    Error,
    Warning,
}

/// <summary>What went wrong, so callers and tests can react to a kind rather than parse messages.</summary>
public enum DetectionIssueKind
{
    /// <summary>The file could not be read (I/O error, not UTF-8).</summary>
    Unreadable,
    /// <summary>The file is larger than the reader's cap.</summary>
    TooLarge,
    /// <summary>YAML syntax error reported by the parser.</summary>
    YamlSyntax,
    /// <summary>A mapping repeats a key.</summary>
    DuplicateKey,
    /// <summary>Nesting deeper than the cap.</summary>
    DepthLimit,
    /// <summary>Alias expansion (billion laughs) or node count beyond the cap.</summary>
    NodeLimit,
    /// <summary>An alias names an anchor that was never defined.</summary>
    UndefinedAlias,
    /// <summary>An explicit YAML tag other than the core schema (e.g. <c>!!python/object</c>).</summary>
    ForbiddenTag,
    /// <summary>A required field is absent.</summary>
    MissingField,
    /// <summary>A field has the wrong shape or an invalid value.</summary>
    InvalidValue,
    /// <summary>A Sigma field modifier that is not in the specification.</summary>
    UnknownModifier,
    /// <summary>A Sigma condition names a search identifier that the detection does not define.</summary>
    UnknownSearchIdentifier,
    /// <summary>An <c>attack.t…</c> tag that is not a well-formed technique ID.</summary>
    InvalidTechniqueTag,
    /// <summary>A technique ID that is well formed but absent from the loaded ATT&amp;CK release (warning).</summary>
    UnknownTechnique,
    /// <summary>An <c>attack.&lt;tactic&gt;</c> tag from a newer release or unknown (warning).</summary>
    UnknownTactic,
    /// <summary>A YAML stream with several documents that cannot be read as a Sigma collection.</summary>
    MultiDocument,
    /// <summary>The same rule or test ID appears in more than one file.</summary>
    DuplicateId,
    /// <summary>An execution log line names a test GUID that the Atomic catalogue lacks.</summary>
    UnknownTestGuid,
    /// <summary>A CSV or JSON record is malformed.</summary>
    MalformedRecord,
}
