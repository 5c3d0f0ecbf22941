namespace Tessera.Core.Security;

/// <summary>A new API key and its full token, which exists only in this value: show it once.</summary>
public sealed record CreatedApiKey(ApiKey Key, string Token);
