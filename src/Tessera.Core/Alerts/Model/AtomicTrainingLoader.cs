using Tessera.Core.Attack;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Tessera.Core.Alerts.Model;

/// <summary>Reads Atomic Red Team test names and descriptions (<c>atomics/T*/T*.yaml</c>) labelled with their technique.</summary>
internal static class AtomicTrainingLoader
{
    // The largest real atomic file is ~200 KB; the cap stops a corrupted file from ballooning memory.
    private const long MaxFileBytes = 4 << 20;

    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .IgnoreUnmatchedProperties()
        .Build();

    private sealed class AtomicFile
    {
        public string AttackTechnique { get; set; } = "";
        public string DisplayName { get; set; } = "";
        public List<AtomicTest> AtomicTests { get; set; } = [];
    }

    private sealed class AtomicTest
    {
        public string Name { get; set; } = "";
        public string Description { get; set; } = "";
    }

    /// <summary>Test documents; <paramref name="names"/>, when given, receives each technique's display name by ID.</summary>
    public static List<TrainingDocument> Load(string atomicsRoot, List<string> notes, IDictionary<string, string>? names = null)
    {
        var docs = new List<TrainingDocument>();
        if (!Directory.Exists(atomicsRoot))
        {
            notes.Add($"Atomic Red Team not found under {atomicsRoot}; skipped");
            return docs;
        }

        foreach (var dir in Directory.EnumerateDirectories(atomicsRoot, "T*").Order(StringComparer.Ordinal))
        {
            var file = Path.Combine(dir, Path.GetFileName(dir) + ".yaml");
            if (!File.Exists(file) || new FileInfo(file).Length > MaxFileBytes)
            {
                continue;
            }

            AtomicFile? parsed;
            try
            {
                parsed = Yaml.Deserialize<AtomicFile>(File.ReadAllText(file));
            }
            catch (Exception ex) when (ex is YamlDotNet.Core.YamlException or InvalidOperationException)
            {
                // YamlDotNet's scanner throws InvalidOperationException on some malformed input (an unclosed '[').
                notes.Add($"{file}: {ex.Message}");
                continue;
            }

            if (parsed is null || !TechniqueId.TryParse(parsed.AttackTechnique, out var id))
            {
                continue;
            }

            if (names is not null && parsed.DisplayName.Length > 0)
            {
                names[id.Value] = parsed.DisplayName.Trim();
            }

            foreach (var test in parsed.AtomicTests.Where(t => t.Name.Length > 0))
            {
                docs.Add(new TrainingDocument
                {
                    Text = test.Name + ". " + test.Name + ". " + FirstParagraph(test.Description),
                    Labels = [id.Value],
                    Source = TrainingSource.Atomic,
                    Group = "atomic",
                    Display = test.Name,
                    AlertLike = true,
                });
            }
        }

        return docs;
    }

    private static string FirstParagraph(string text) => text.Split("\n\n")[0].Replace('\n', ' ').Trim();
}
