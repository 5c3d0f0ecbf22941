using Tessera.Core.Alerts;
using Tessera.Core.Alerts.Model;
using Tessera.Tests.Shared;

namespace Tessera.Core.Tests.Alerts.Model;

/// <summary>
/// A saved model must map exactly as the build it came from (same techniques, confidences and reasons), and a
/// file that does not belong to the data at hand, or is damaged, must never be used.
/// </summary>
public sealed class ModelFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tessera-model-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly string[] Titles =
    [
        "ET EXPLOIT vBulletin 5.x Routestring widgetConfig Remote Code Execution",
        "Suspicious Encoded PowerShell Command Line",
        "Potential CVE-2023-2283 Exploitation",
        "Ryuk Deletes Shadow Copies With Vssadmin",
        "AWS Key Pair Import Activity",
        "Mimikatz credential dumping from LSASS memory",
        "Brute force attempts against SSH on 10.0.0.5",
        "<script>alert(1)</script> in User-Agent",
    ];

    [Fact]
    public void Build_WithModelFolder_SavesThenLoadsAModelThatMapsIdentically()
    {
        var first = AlertMapperFactory.Build(SharedData.Path, modelFolder: _folder);
        var second = AlertMapperFactory.Build(SharedData.Path, modelFolder: _folder);

        Assert.Null(first.ModelFile);
        Assert.Contains(first.Notes, n => n.StartsWith("alert model saved to", StringComparison.Ordinal));
        var file = Assert.Single(Directory.GetFiles(_folder, "alert-model-*.bin"));
        Assert.Equal(file, second.ModelFile);
        Assert.Contains(second.Notes, n => n.StartsWith("alert model loaded from", StringComparison.Ordinal));
        Assert.Equal(first.Mapper.Temperature, second.Mapper.Temperature);
        Assert.Equal(first.Mapper.RestScore, second.Mapper.RestScore);
        Assert.Equal(first.Mapper.Evidence, second.Mapper.Evidence);
        Assert.Equal(first.Mapper.ConfidenceMap.ToString(), second.Mapper.ConfidenceMap.ToString());
        Assert.NotEqual(1.0, second.Mapper.Temperature);
        foreach (var title in Titles)
        {
            var built = AlertMappingJson.Serialize(first.Mapper.Map(Alert.FromTitle(title, "a"), 10));
            var loaded = AlertMappingJson.Serialize(second.Mapper.Map(Alert.FromTitle(title, "a"), 10));
            Assert.Equal(built, loaded);
            Assert.Contains("\"techniques\":[{", built);
        }

        // Damaged or foreign files are refused with a reason, never half-read.
        var bytes = File.ReadAllBytes(file);
        var key = Path.GetFileNameWithoutExtension(file)["alert-model-".Length..];
        var fullKey = AlertMapperFactory.ModelKey(TrainingCorpus.Load(SharedData.Path), SharedData.Path, calibrate: true);
        Assert.StartsWith(key, fullKey);
        Assert.NotNull(ModelFile.TryLoad(file, fullKey, out _));

        Assert.Null(ModelFile.TryLoad(file, new string('0', 64), out var reason));
        Assert.Contains("other training data", reason);

        var flipped = Path.Combine(_folder, "flipped.bin");
        var copy = (byte[])bytes.Clone();
        copy[^1000] ^= 0x40;
        File.WriteAllBytes(flipped, copy);
        Assert.Null(ModelFile.TryLoad(flipped, fullKey, out reason));
        Assert.Contains("checksum", reason);

        var truncated = Path.Combine(_folder, "truncated.bin");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        Assert.Null(ModelFile.TryLoad(truncated, fullKey, out reason));
        Assert.Contains("truncated", reason);

        var text = Path.Combine(_folder, "text.bin");
        File.WriteAllText(text, "{\"not\": \"a model\"}");
        Assert.Null(ModelFile.TryLoad(text, fullKey, out reason));
        Assert.Contains("not a Tessera model file", reason);

        Assert.Null(ModelFile.TryLoad(Path.Combine(_folder, "missing.bin"), fullKey, out reason));
        Assert.Equal("no model file", reason);
    }

    [Fact]
    public void Build_DamagedModelFile_IsRebuiltAndReplaced()
    {
        var corpus = TrainingCorpus.Load(SharedData.Path);
        var key = AlertMapperFactory.ModelKey(corpus, SharedData.Path, calibrate: false);
        var path = Path.Combine(_folder, $"alert-model-{key[..16]}.bin");
        File.WriteAllText(path, "tessera-alert-model\ngarbage");
        // Models of other versions (oldest first) and what a killed writer left: the folder keeps the three newest models.
        for (var i = 0; i < 4; i++)
        {
            var other = Path.Combine(_folder, $"alert-model-{i:x16}.bin");
            File.WriteAllText(other, "older model");
            File.SetLastWriteTimeUtc(other, DateTime.UtcNow.AddDays(i - 10));
        }

        var abandoned = Path.Combine(_folder, $"alert-model-{key[..16]}.bin.999.0123.tmp");
        File.WriteAllText(abandoned, "half a model");
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow.AddHours(-2));
        var fresh = Path.Combine(_folder, $"alert-model-{key[..16]}.bin.998.4567.tmp");
        File.WriteAllText(fresh, "being written");

        var build = AlertMapperFactory.Build(SharedData.Path, calibrate: false, modelFolder: _folder);

        Assert.Equal([path, Path.Combine(_folder, $"alert-model-{3:x16}.bin"), Path.Combine(_folder, $"alert-model-{2:x16}.bin")],
            Directory.GetFiles(_folder, "alert-model-*.bin").OrderByDescending(File.GetLastWriteTimeUtc));
        Assert.False(File.Exists(abandoned));
        Assert.True(File.Exists(fresh));

        Assert.Null(build.ModelFile);
        Assert.Contains(build.Notes, n => n.Contains("not used (", StringComparison.Ordinal) && n.Contains("built again", StringComparison.Ordinal));
        Assert.NotNull(ModelFile.TryLoad(path, key, out var reason));
        Assert.Equal("", reason);
        Assert.NotEmpty(build.Mapper.Map(Alert.FromTitle("Suspicious Encoded PowerShell Command Line")).Techniques);
    }

    [Fact]
    public void Key_ChangesWithAnyTrainingTextLabelOrCalibrationChoice()
    {
        var corpus = TrainingCorpus.Load(SharedData.Path);
        var key = ModelFile.Key(corpus, calibrated: true);
        TrainingCorpus With(Func<TrainingDocument, TrainingDocument> change, int index) => new()
        {
            Attack = corpus.Attack,
            Newer = corpus.Newer,
            Documents = corpus.Documents.Select((d, i) => i == index ? change(d) : d).ToList(),
        };

        var last = corpus.Documents.Count - 1;
        Assert.Equal(key, ModelFile.Key(With(d => d, last), calibrated: true));
        Assert.Matches("^[0-9a-f]{64}$", key);
        Assert.NotEqual(key, ModelFile.Key(corpus, calibrated: false));
        Assert.NotEqual(key, ModelFile.Key(With(d => d with { Text = d.Text + " " }, last), calibrated: true));
        Assert.NotEqual(key, ModelFile.Key(With(d => d with { Labels = [.. d.Labels, "T1059"] }, 0), calibrated: true));
        Assert.NotEqual(key, ModelFile.Key(With(d => d with { Display = d.Display + "x" }, 1), calibrated: true));
        // Files read beside the corpus (the CVE mappings) count by their bytes.
        var mappings = Path.Combine(_folder, "attack-to-cve-mappings.csv");
        File.WriteAllText(mappings, "capability_id,attack_object_id\nCVE-2021-44228,T1190\n");
        var withFile = ModelFile.Key(corpus, calibrated: true, [mappings]);
        Assert.NotEqual(key, withFile);
        Assert.Equal(withFile, ModelFile.Key(corpus, calibrated: true, [mappings]));
        File.AppendAllText(mappings, "CVE-2023-4966,T1190\n");
        Assert.NotEqual(withFile, ModelFile.Key(corpus, calibrated: true, [mappings]));
        Assert.NotEqual(key, ModelFile.Key(new TrainingCorpus { Attack = corpus.Attack, Newer = corpus.Newer, Documents = corpus.Documents.Skip(1).ToList() },
            calibrated: true));
    }
}
