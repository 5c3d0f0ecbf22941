namespace Tessera.Core.Dettect;

/// <summary>A parsed YAML node with its 1-based start position; built only by <see cref="SafeYamlLoader"/>.</summary>
internal abstract record YamlTreeNode(int Line, int Column)
{
    /// <summary>Nodes in this subtree, used to charge alias expansion against the node budget.</summary>
    public abstract int Size { get; }
}

internal sealed record YamlTreeScalar(string Value, bool IsNull, int Line, int Column) : YamlTreeNode(Line, Column)
{
    public override int Size => 1;
}

internal sealed record YamlTreeSequence(IReadOnlyList<YamlTreeNode> Items, int Line, int Column) : YamlTreeNode(Line, Column)
{
    public override int Size { get; } = 1 + Items.Sum(i => i.Size);
}

internal sealed record YamlTreeMapping(IReadOnlyDictionary<string, YamlTreeNode> Entries, IReadOnlyList<string> Keys, int Line, int Column)
    : YamlTreeNode(Line, Column)
{
    public override int Size { get; } = 1 + Entries.Values.Sum(v => v.Size);
}
