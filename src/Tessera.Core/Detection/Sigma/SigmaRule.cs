namespace Tessera.Core.Detection.Sigma;

/// <summary>A Sigma detection rule: metadata, log source and the detection as written.</summary>
public sealed record SigmaRule : SigmaDocument
{
    public required SigmaLogSource LogSource { get; init; }
    public required SigmaDetection Detection { get; init; }

    /// <summary>Fields the rule suggests showing (<c>fields</c>).</summary>
    public IReadOnlyList<string> Fields { get; init; } = [];
}
