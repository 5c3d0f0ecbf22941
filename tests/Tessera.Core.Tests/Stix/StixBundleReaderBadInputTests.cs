using System.Text;
using Tessera.Core.Attack;
using Tessera.Core.Stix;

namespace Tessera.Core.Tests.Stix;

public sealed class StixBundleReaderBadInputTests
{
    // Fixtures carry no x-mitre-collection and no release in their names, so the caller supplies one.
    private static readonly StixReadOptions WithVersion = new() { Version = "18.1" };

    private static StixLoadResult Read(string fixture) => StixBundleReader.ReadFile(StixFixtures.Path(fixture), WithVersion);

    [Fact]
    public void ReadFile_ValidMinimal_LoadsAndReportsSkippedTypes()
    {
        var result = Read("valid-minimal.json");

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(11, result.Report.ObjectsRead);
        Assert.Equal(3, result.Report.RelationshipsLoaded);
        Assert.Equal(1, result.Report.SkippedByType["identity"]);
        Assert.Equal(1, result.Report.SkippedByType["x-mitre-unheard-of"]);
        Assert.Equal(1, result.Report.Revoked);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(StixErrorKind.SkippedType, warning.Kind);
        Assert.Equal("enterprise-attack@18.1", result.Collection!.Info.Key);
    }

    [Fact]
    public void ReadFile_KeysInAnyOrder_ReadsTypeAfterOtherFields()
    {
        // In valid-minimal.json, T1059 lists "type" last.
        var technique = Read("valid-minimal.json").Collection!.FindTechnique("T1059");

        Assert.NotNull(technique);
        Assert.Equal(["Windows", "Linux"], technique.Platforms);
        Assert.Equal("https://attack.mitre.org/techniques/T1059", technique.Url);
    }

    [Fact]
    public void ReadFile_MalformedJson_ReportsLineAndReturnsNoCollection()
    {
        var result = Read("malformed-json.json");

        Assert.Null(result.Collection);
        var error = Assert.Single(result.Errors);
        Assert.Equal(StixErrorKind.MalformedJson, error.Kind);
        Assert.Equal(9, error.At.Line); // the property after the missing comma
        Assert.EndsWith("malformed-json.json", error.At.File);
    }

    [Fact]
    public void ReadFile_TruncatedFile_ReportsMalformedJson()
    {
        var result = Read("truncated.json");

        Assert.Null(result.Collection);
        Assert.Equal(StixErrorKind.MalformedJson, Assert.Single(result.Errors).Kind);
    }

    [Fact]
    public void ReadFile_EmptyFile_ReportsMalformedJson()
    {
        var result = Read("empty.json");

        Assert.Null(result.Collection);
        Assert.Equal(StixErrorKind.MalformedJson, Assert.Single(result.Errors).Kind);
    }

    [Theory]
    [InlineData("not-a-bundle.json", "type")]      // a STIX report, not a bundle
    [InlineData("top-level-array.json", null)]     // JSON array at the top
    [InlineData("no-objects-array.json", "objects")] // a bundle header without objects
    public void ReadFile_NotABundle_ReportsNotABundle(string fixture, string? field)
    {
        var result = Read(fixture);

        Assert.Null(result.Collection);
        var error = Assert.Single(result.Errors);
        Assert.Equal(StixErrorKind.NotABundle, error.Kind);
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void ReadFile_MissingFields_CollectsEveryErrorWithObjectAndField()
    {
        var result = Read("missing-fields.json");

        Assert.Null(result.Collection);
        Assert.All(result.Errors, e => Assert.Equal(StixErrorKind.MissingField, e.Kind));
        Assert.Equal(
            [
                (5L, (string?)null, "id"),
                (9L, "attack-pattern--00000000-0000-4000-8000-000000000002", "name"),
                (14L, "intrusion-set--00000000-0000-4000-8000-000000000003", "external_references"),
                (20L, "relationship--00000000-0000-4000-8000-000000000004", "target_ref"),
                (26L, "x-mitre-tactic--00000000-0000-4000-8000-000000000005", "type"),
            ],
            result.Errors.Select(e => (e.At.Line!.Value, e.ObjectId, e.Field!)));
    }

    [Fact]
    public void ReadFile_DanglingReference_IsAnErrorAtTheReferenceLine()
    {
        var result = Read("dangling-reference.json");

        Assert.Null(result.Collection);
        var error = Assert.Single(result.Errors);
        Assert.Equal(StixErrorKind.DanglingReference, error.Kind);
        Assert.Equal("source_ref", error.Field);
        Assert.Equal("relationship--00000000-0000-4000-8000-000000000002", error.ObjectId);
        Assert.Equal(15, error.At.Line);
    }

    [Fact]
    public void ReadFile_DuplicateId_ReportsSecondOccurrence()
    {
        var result = Read("duplicate-id.json");

        Assert.Null(result.Collection);
        var error = Assert.Single(result.Errors);
        Assert.Equal(StixErrorKind.DuplicateId, error.Kind);
        Assert.Equal(11, error.At.Line);
        Assert.Contains(":5", error.Message); // points back at the first definition
    }

    [Fact]
    public void ReadFile_WrongFieldTypes_ReportsEachField()
    {
        var result = Read("wrong-field-types.json");

        Assert.Null(result.Collection);
        Assert.Equal(
            ["name", "revoked", "x_mitre_platforms", "name", "external_references"],
            result.Errors.Select(e => e.Field));
        Assert.Equal(StixErrorKind.InvalidField, result.Errors[^1].Kind); // TA0002 is not a technique ID
    }

    [Fact]
    public void ReadFile_NoVersionAnywhere_ReportsUnknownCollection()
    {
        var result = StixBundleReader.ReadFile(StixFixtures.Path("valid-minimal.json"));

        Assert.Null(result.Collection);
        Assert.Equal(StixErrorKind.UnknownCollection, Assert.Single(result.Errors).Kind);
    }

    [Fact]
    public void ReadFile_ReleaseInFileName_TakesVersionFromName()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "mobile-attack-16.0.json");
        File.Copy(StixFixtures.Path("valid-minimal.json"), path);

        var info = StixBundleReader.ReadFile(path).Collection!.Info;

        Assert.Equal("16.0", info.Version);
        Assert.Equal(AttackDomain.Enterprise, info.Domain); // the matrix outranks the file name
    }

    [Fact]
    public void ReadFile_OverSizeLimit_FailsBeforeReading()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "enterprise-attack-18.1.json");
        using (var sparse = new FileStream(path, FileMode.CreateNew))
        {
            sparse.SetLength(StixBundleReader.MaxBundleBytes + 1);
        }

        var result = StixBundleReader.ReadFile(path);

        Assert.Null(result.Collection);
        Assert.Equal(StixErrorKind.TooLarge, Assert.Single(result.Errors).Kind);
        Assert.Equal(0, result.Report.ObjectsRead);
    }

    [Fact]
    public async Task ReadAsync_NonSeekableStreamOverCap_StopsAtCap()
    {
        var bytes = await File.ReadAllBytesAsync(StixFixtures.Path("valid-minimal.json"), TestContext.Current.CancellationToken);
        await using var stream = new ForwardOnlyStream(bytes);

        var result = await StixBundleReader.ReadAsync(stream, "upload.json", WithVersion with { MaxBytes = 1_000 }, TestContext.Current.CancellationToken);

        Assert.Null(result.Collection);
        Assert.Equal(StixErrorKind.TooLarge, Assert.Single(result.Errors).Kind);
    }

    [Fact]
    public void ReadFile_MissingFile_ReportsUnreadable()
    {
        var result = StixBundleReader.ReadFile(StixFixtures.Path("no-such-file.json"));

        Assert.Equal(StixErrorKind.Unreadable, Assert.Single(result.Errors).Kind);
    }

    [Fact]
    public void Read_InvalidUtf8InString_RejectsOnlyThatObject()
    {
        var text = File.ReadAllText(StixFixtures.Path("valid-minimal.json")).Replace("Cozy Bear", "Cozy \u0001Bear");
        var bytes = Encoding.UTF8.GetBytes(text);
        var at = Array.IndexOf(bytes, (byte)1);
        bytes[at] = 0xFF; // not valid UTF-8 anywhere

        var result = StixBundleReader.Read(new MemoryStream(bytes), "invalid-utf8.json", WithVersion);

        Assert.Null(result.Collection);
        var error = Assert.Single(result.Errors);
        Assert.Equal(StixErrorKind.MalformedJson, error.Kind);
    }

    [Fact]
    public void Read_ObjectLargerThanOneChunk_GrowsBuffer()
    {
        // A 3 MB description forces the pooled 1 MB buffer to grow mid-object.
        var text = File.ReadAllText(StixFixtures.Path("valid-minimal.json"))
            .Replace("\"name\": \"APT29\",", "\"name\": \"APT29\", \"description\": \"" + new string('x', 3 << 20) + "\",");

        var result = StixBundleReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "big.json", WithVersion);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(3 << 20, result.Collection!.Groups[0].Description.Length);
    }

    /// <summary>A stream that cannot seek, like an HTTP response body.</summary>
    private sealed class ForwardOnlyStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
    }
}
