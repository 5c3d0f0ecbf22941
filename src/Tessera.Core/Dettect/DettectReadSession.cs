namespace Tessera.Core.Dettect;

/// <summary>Per-read collector of issues for one DeTT&amp;CT file.</summary>
internal sealed class DettectReadSession(string file)
{
    public string File { get; } = file;

    public List<DettectIssue> Issues { get; } = [];

    public void Error(YamlTreeNode? node, string field, string message) =>
        Issues.Add(new DettectIssue(File, node?.Line, node?.Column, field, message));
}
