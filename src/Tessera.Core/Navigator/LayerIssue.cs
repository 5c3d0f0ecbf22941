namespace Tessera.Core.Navigator;

/// <summary>
/// A problem found in a layer. <see cref="Path"/> is the JSON path, e.g. <c>techniques[12].techniqueID</c>
/// (prefixed with <c>[i]</c> in multi-layer files); <see cref="Line"/> is set for JSON syntax errors.
/// </summary>
public sealed record LayerIssue(LayerIssueSeverity Severity, LayerIssueCode Code, string Path, string Message)
{
    public long? Line { get; init; }

    public override string ToString() =>
        $"{Severity.ToString().ToLowerInvariant()} {Code} at {(Path.Length == 0 ? "$" : Path)}{(Line is { } l ? $" (line {l})" : "")}: {Message}";
}

/// <summary>Errors make a layer unusable; warnings are reported while the layer is still returned.</summary>
public enum LayerIssueSeverity
{
    Warning,
    Error,
}

/// <summary>What kind of problem a <see cref="LayerIssue"/> is, so callers can filter or map them.</summary>
public enum LayerIssueCode
{
    InvalidJson,
    TooLarge,
    MissingField,
    WrongType,
    InvalidValue,
    InvalidColor,
    InvalidTechniqueId,
    UnknownDomain,
    DuplicateProperty,
    UnknownProperty,
    DuplicateTechnique,
    UnsupportedVersion,
    UnknownTechnique,
    UnknownTactic,
    TacticMismatch,
    InactiveTechnique,
    DomainMismatch,
    AttackVersionMismatch,
}
