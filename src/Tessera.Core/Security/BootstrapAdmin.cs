namespace Tessera.Core.Security;

/// <summary>The first-start admin account and its one-time password, to print once and never store.</summary>
public sealed record BootstrapAdmin(string UserName, string Password);
