namespace Tessera.Core.Detection.Sigma;

/// <summary>
/// Metadata shared by the three Sigma document types (detection rule, correlation rule, filter), per the
/// Sigma specification 2.x. Optional fields are null or empty when absent.
/// </summary>
public abstract record SigmaDocument
{
    /// <summary>The rule's UUID; null when the file gives none (allowed by the specification, not by SigmaHQ).</summary>
    public Guid? Id { get; init; }
    public required string Title { get; init; }

    /// <summary>Optional unique name that correlation rules may reference instead of the ID.</summary>
    public string? Name { get; init; }
    public SigmaStatus Status { get; init; }
    public string? Description { get; init; }
    public string? Author { get; init; }
    public DateOnly? Date { get; init; }
    public DateOnly? Modified { get; init; }
    public IReadOnlyList<string> References { get; init; } = [];
    public SigmaLevel Level { get; init; }
    public IReadOnlyList<string> FalsePositives { get; init; } = [];
    public SigmaTags Tags { get; init; } = SigmaTags.Empty;
    public IReadOnlyList<SigmaRelatedRule> Related { get; init; } = [];

    /// <summary>Top-level keys outside the specification (the spec allows custom attributes), e.g. <c>regression_tests_path</c>.</summary>
    public IReadOnlyList<string> CustomFields { get; init; } = [];

    /// <summary>Path of the source file as given to the parser (relative to the import root for folder imports).</summary>
    public required string File { get; init; }

    /// <summary>Folder of the file relative to the import root with '/' separators, e.g. <c>rules/windows/process_creation</c>; empty at the root.</summary>
    public string RelativeFolder { get; init; } = "";

    /// <summary>The YAML text of the whole file the document came from (shared by documents of one file).</summary>
    public string SourceText { get; init; } = "";

    /// <summary>0-based position of the document in a multi-document file.</summary>
    public int DocumentIndex { get; init; }

    /// <summary>Non-fatal findings (newer-release tactics, techniques absent from the loaded ATT&amp;CK release).</summary>
    public IReadOnlyList<DetectionIssue> Warnings { get; init; } = [];
}
