namespace Tessera.Server.Knowledge;

/// <summary>MITRE's ATT&amp;CK licence text as shipped beside the loaded bundles (LICENSE.txt), shown on the About page.</summary>
public sealed class AttackLicense
{
    // MITRE's terms require reproducing the copyright designation with any copy; used when no LICENSE.txt is found.
    private const string Fallback =
        "© The MITRE Corporation. This work is reproduced and distributed with the permission of The MITRE Corporation. " +
        "See MITRE's ATT&CK terms of use.";

    public AttackLicense(IReadOnlyList<string> attackSources)
    {
        foreach (var source in attackSources)
        {
            var folder = Directory.Exists(source) ? source : Path.GetDirectoryName(Path.GetFullPath(source));
            var file = folder is null ? null : Path.Combine(folder, "LICENSE.txt");
            if (file is not null && File.Exists(file))
            {
                Text = File.ReadAllText(file);
                Source = file;
                return;
            }
        }

        Text = Fallback;
        Source = "built-in notice";
    }

    public string Text { get; }

    public string Source { get; }
}
