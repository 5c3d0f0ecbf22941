namespace Tessera.Core.Tests.Stix;

/// <summary>Hand-written bad-input bundles in tests/Tessera.Core.Tests/Fixtures/stix, found from the test binary.</summary>
internal static class StixFixtures
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "Fixtures", "stix");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("Fixtures/stix not found above " + AppContext.BaseDirectory);
    });

    public static string Path(string name) => System.IO.Path.Combine(Folder.Value, name);
}
