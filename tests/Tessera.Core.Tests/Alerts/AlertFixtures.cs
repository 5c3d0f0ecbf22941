namespace Tessera.Core.Tests.Alerts;

/// <summary>Paths of the hand-written alert fixtures copied next to the test binary.</summary>
internal static class AlertFixtures
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "alerts", name);

    public static string Read(string name) => File.ReadAllText(PathOf(name));
}
