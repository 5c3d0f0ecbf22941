namespace Tessera.Core.Detection.Yaml;

/// <summary>
/// A minimal YAML tree built from parser events. Aliases point at the anchored node (shared, never copied), so
/// memory stays linear; <see cref="ExpandedSize"/> counts the tree as if aliases were expanded, which is what
/// the node cap checks.
/// </summary>
internal abstract class YNode(int line, int column)
{
    public int Line { get; } = line;
    public int Column { get; } = column;
    public long ExpandedSize { get; set; } = 1;

    public SourceLocation At(string file) => new(file, Line, Column);
}

internal sealed class YScalar(string value, bool isPlain, int line, int column) : YNode(line, column)
{
    public string Value { get; } = value;

    /// <summary>Unquoted: only plain scalars can mean null, booleans or numbers.</summary>
    public bool IsPlain { get; } = isPlain;

    /// <summary>YAML 1.2 core-schema null (<c>~</c>, <c>null</c>, empty) when unquoted.</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    /// <summary>The text, or null for a YAML null.</summary>
    public string? Text => IsNull ? null : Value;
}

internal sealed class YSequence(int line, int column) : YNode(line, column)
{
    public List<YNode> Items { get; } = [];
}

internal sealed class YMapping(int line, int column) : YNode(line, column)
{
    public List<KeyValuePair<YScalar, YNode>> Entries { get; } = [];

    /// <summary>The value under <paramref name="key"/> (first occurrence; duplicates are load errors), or null.</summary>
    public YNode? Get(string key)
    {
        foreach (var (k, v) in Entries)
        {
            if (string.Equals(k.Value, key, StringComparison.Ordinal))
            {
                return v;
            }
        }

        return null;
    }

    public bool Has(string key) => Get(key) is not null;
}
