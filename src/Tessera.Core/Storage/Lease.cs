namespace Tessera.Core.Storage;

/// <summary>A named lease held by <see cref="Owner"/> until <see cref="ExpiresAt"/>.</summary>
public sealed record Lease(string Name, string Owner, DateTimeOffset ExpiresAt);
