using Tessera.Tests.Shared;

namespace Tessera.Server.Tests.Infrastructure;

/// <summary>An offline mirror as an operator would keep one: a collection index beside a copy of ICS 18.1.</summary>
public static class IcsMirror
{
    /// <summary>Writes the mirror into <paramref name="folder"/>; returns the index file's path.</summary>
    public static string Create(string folder)
    {
        File.Copy(SharedData.Attack("ics-attack-18.1.json"), Path.Combine(folder, "ics-attack-18.1.json"), overwrite: true);
        var index = Path.Combine(folder, "collection-index.json");
        File.WriteAllText(index,
            """{"name":"mirror","collections":[{"id":"x-mitre-collection--1","name":"ICS ATT&CK","versions":[{"version":"18.1","url":"ics-attack-18.1.json"}]}]}""");
        return index;
    }
}
