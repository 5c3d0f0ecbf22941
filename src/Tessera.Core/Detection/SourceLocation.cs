namespace Tessera.Core.Detection;

/// <summary>Where an issue was found: a file (relative or absolute as the caller gave it) and an optional 1-based line and column.</summary>
public sealed record SourceLocation(string File, int? Line = null, int? Column = null)
{
    public override string ToString() => Line is null ? File : Column is null ? $"{File}:{Line}" : $"{File}:{Line}:{Column}";
}
