namespace Tessera.Core.Detection.Registry;

/// <summary>Local edits a person makes to a registered rule; null fields are left as they are.</summary>
public sealed record RuleEdit
{
    public string? Owner { get; init; }
    public bool? Enabled { get; init; }

    /// <summary>Clears the owner; takes precedence over <see cref="Owner"/>.</summary>
    public bool ClearOwner { get; init; }
}
