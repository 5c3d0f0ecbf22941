using System.Runtime.CompilerServices;

namespace Tessera.Core.Tests.Navigator;

/// <summary>
/// Locates hand-written bad-input fixtures in the source tree (tests/Tessera.Core.Tests/Fixtures/&lt;area&gt;),
/// found from this file's compile-time path so the test project needs no copy-to-output items.
/// </summary>
internal static class NavigatorFixtures
{
    public static string Path(string area, string file, [CallerFilePath] string caller = "") =>
        System.IO.Path.Combine(FixturesRoot(caller), area, file);

    private static string FixturesRoot(string caller)
    {
        for (var dir = new DirectoryInfo(System.IO.Path.GetDirectoryName(caller)!); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "Fixtures");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("Fixtures folder not found above " + caller);
    }
}
