namespace Tessera.Core.Tests.Detection;

/// <summary>Hand-written bad-input fixtures, copied beside the test binary from tests/Tessera.Core.Tests/Fixtures.</summary>
internal static class Fixtures
{
    public static string Path(string area, string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", area, name);

    public static string Sigma(string name) => Path("sigma", name);

    public static string Atomic(string name) => Path("atomic", name);
}
