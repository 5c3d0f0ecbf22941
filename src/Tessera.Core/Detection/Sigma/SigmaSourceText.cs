namespace Tessera.Core.Detection.Sigma;

/// <summary>One Sigma file held in memory: its path as the sender named it (for messages) and its YAML text.</summary>
public sealed record SigmaSourceText(string Path, string Text);
