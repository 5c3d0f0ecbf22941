namespace Tessera.Core.Navigator;

/// <summary>One change made while reading an older layer as 4.5, e.g. <c>version</c> → <c>versions</c>.</summary>
public sealed record LayerUpgrade(string Path, string Change)
{
    /// <summary>"path: change", as a person reads it (a record's generated text would show its type and property names).</summary>
    public override string ToString() => $"{Path}: {Change}";
}
