namespace Tessera.Core.Detection.Registry;

/// <summary>What one registry import transaction did: rules created, whose content changed, and unchanged ones.</summary>
public sealed record RuleImportSummary(int Created, int Updated, int Unchanged)
{
    public int Total => Created + Updated + Unchanged;
}

/// <summary>A rule to import and the file it came from.</summary>
public sealed record RuleImportItem(DetectionRule Rule, string? SourceFile);
