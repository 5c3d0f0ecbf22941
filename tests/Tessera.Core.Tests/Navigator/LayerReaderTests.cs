using Tessera.Core.Navigator;
using Tessera.Tests.Shared;

namespace Tessera.Core.Tests.Navigator;

public sealed class LayerReaderTests
{
    private static string SampleLayer => SharedData.Combine("navigator", "sample-art-navigator-layer.json");

    private static Task<LayerReadResult> ReadFixture(string name) =>
        LayerReader.ReadFileAsync(NavigatorFixtures.Path("navigator", name), TestContext.Current.CancellationToken);

    [Fact]
    public async Task ReadFileAsync_AtomicRedTeamLayer_ReadsEveryTechnique()
    {
        var result = await LayerReader.ReadFileAsync(SampleLayer, TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, string.Join("\n", result.Issues));
        Assert.Empty(result.Issues);
        Assert.Empty(result.Upgrades);
        var layer = result.Layer;
        Assert.Equal("Atomic Red Team", layer.Name);
        Assert.Equal("enterprise-attack", layer.Domain);
        Assert.Equal("18", layer.Versions.Attack);
        Assert.Equal("5.3.0", layer.Versions.Navigator);
        Assert.Equal(380, layer.Techniques.Count);
        var t1003 = Assert.Single(layer.Techniques, t => t.TechniqueId.Value == "T1003");
        Assert.Equal(54, t1003.Score);
        Assert.True(t1003.Enabled);
        var link = Assert.IsType<LayerLink>(Assert.Single(t1003.Links));
        Assert.EndsWith("/atomics/T1003/T1003.md", link.Url, StringComparison.Ordinal);
        Assert.Equal(["#ffffff", "#ce232e"], layer.Gradient!.Colors);
        Assert.Equal(10, layer.Gradient.MaxValue);
        Assert.Equal(2, layer.LegendItems.Count);
        Assert.NotNull(layer.Filters);
        Assert.Null(layer.Filters.Platforms);
    }

    [Fact]
    public async Task ReadFileAsync_SampleLayer_KeepsV19TechniqueIds()
    {
        var layer = (await LayerReader.ReadFileAsync(SampleLayer, TestContext.Current.CancellationToken)).Layer;

        Assert.Contains(layer.Techniques, t => t.TechniqueId.Value == "T1685.006");
    }

    [Fact]
    public async Task ReadFileAsync_InvalidJson_ReportsLine()
    {
        var result = await ReadFixture("invalid-json.json");

        var issue = Assert.Single(result.Issues);
        Assert.Equal(LayerIssueCode.InvalidJson, issue.Code);
        Assert.Equal(2, issue.Line);
        Assert.Empty(result.Layers);
    }

    [Theory]
    [InlineData("missing-name.json", LayerIssueCode.MissingField, "name")]
    [InlineData("unknown-domain.json", LayerIssueCode.UnknownDomain, "domain")]
    [InlineData("bad-gradient.json", LayerIssueCode.InvalidValue, "gradient.maxValue")]
    [InlineData("unsafe-link.json", LayerIssueCode.InvalidValue, "techniques[0].links[0].url")]
    [InlineData("unsupported-version.json", LayerIssueCode.UnsupportedVersion, "versions.layer")]
    [InlineData("duplicate-property.json", LayerIssueCode.DuplicateProperty, "techniques[0].score")]
    // A score given as text is refused rather than coerced: the Navigator would not colour it.
    [InlineData("score-not-number.json", LayerIssueCode.WrongType, "techniques[1].score")]
    public async Task ReadFileAsync_BadInput_FailsWithPathOfProblem(string fixture, LayerIssueCode code, string path)
    {
        var result = await ReadFixture(fixture);

        Assert.False(result.Succeeded);
        Assert.Empty(result.Layers);
        Assert.Contains(result.Errors, i => i.Code == code && i.Path == path);
    }

    [Fact]
    public async Task ReadFileAsync_BadColours_ReportsEveryOne()
    {
        var result = await ReadFixture("bad-color.json");

        Assert.Equal(
            ["legendItems[0].color", "techniques[0].color"],
            result.Errors.Where(i => i.Code == LayerIssueCode.InvalidColor).Select(i => i.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReadFileAsync_BadTechniqueIds_ReportsMalformedAndMissing()
    {
        var result = await ReadFixture("bad-technique-id.json");

        Assert.Contains(result.Errors, i => i.Code == LayerIssueCode.InvalidTechniqueId && i.Path == "techniques[0].techniqueID");
        Assert.Contains(result.Errors, i => i.Code == LayerIssueCode.MissingField && i.Path == "techniques[1].techniqueID");
    }

    [Fact]
    public async Task ReadFileAsync_WrongTypes_CollectsAllErrors()
    {
        var result = await ReadFixture("wrong-types.json");

        Assert.Equal(
            ["hideDisabled", "techniques[0].enabled", "techniques[0].metadata"],
            result.Errors.Select(i => i.Path).Order(StringComparer.Ordinal));
        Assert.All(result.Errors, i => Assert.Equal(LayerIssueCode.WrongType, i.Code));
    }

    [Fact]
    public async Task ReadFileAsync_WarningsOnly_ReturnsLayerWithWarnings()
    {
        var result = await ReadFixture("warnings-only.json");

        Assert.True(result.Succeeded);
        Assert.Equal(2, result.Layer.Techniques.Count);
        Assert.Equal("T1059.001", result.Layer.Techniques[0].TechniqueId.Value);
        Assert.Equal(
            [
                (LayerIssueCode.UnknownProperty, "legacyColourMode"),
                (LayerIssueCode.UnknownProperty, "techniques[0].flavour"),
                (LayerIssueCode.InvalidTechniqueId, "techniques[0].techniqueID"),
                (LayerIssueCode.DuplicateTechnique, "techniques[1].techniqueID"),
            ],
            result.Warnings.Select(i => (i.Code, i.Path)));
    }

    [Fact]
    public async Task ReadFileAsync_MultiLayerFile_PrefixesPathWithLayerIndex()
    {
        var result = await ReadFixture("multi-layer.json");

        var error = Assert.Single(result.Errors);
        Assert.Equal("[1].techniques[1].color", error.Path);
    }

    [Theory]
    [InlineData("""{ "name": "bad \ud800", "versions": { "layer": "4.5" }, "domain": "enterprise-attack" }""", "name")]
    [InlineData("""{ "name": "a", "versions": { "layer": "4.5" }, "domain": "enterprise-attack", "techniques": [ { "techniqueID": "T1003", "comment": "\udc00" } ] }""", "techniques[0].comment")]
    [InlineData("""{ "name": "a", "versions": { "layer": "4.5" }, "domain": "enterprise-attack", "filters": { "platforms": [ "Windows", "\ud800" ] } }""", "filters.platforms[1]")]
    [InlineData("""{ "name": "a", "versions": { "layer": "4.5" }, "domain": "enterprise-attack", "na\ud800me": 1 }""", "")]
    public void Read_LoneSurrogateEscape_ErrorAtItsPath(string json, string path)
    {
        var result = LayerReader.Read(json);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Issues, i => i.Severity == LayerIssueSeverity.Error);
        Assert.Equal((LayerIssueCode.InvalidValue, path), (error.Code, error.Path));
        Assert.Contains("not valid text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LoneSurrogateWhereAnotherTypeBelongs_DescribedWithoutThrowing()
    {
        var result = LayerReader.Read("""{ "name": "a", "versions": { "layer": "4.5" }, "domain": "enterprise-attack", "sorting": "\ud800" }""");

        var error = Assert.Single(result.Issues, i => i.Severity == LayerIssueSeverity.Error);
        Assert.Equal(("sorting", "expected a number, got a string that is not valid text"), (error.Path, error.Message));
    }

    [Fact]
    public void Read_ValidMultiLayerArray_ReturnsEachLayer()
    {
        const string json = """
            [ { "name": "a", "versions": { "navigator": "5.1.0", "layer": "4.5" }, "domain": "enterprise-attack" },
              { "name": "b", "versions": { "navigator": "5.1.0", "layer": "4.5" }, "domain": "mobile-attack" } ]
            """;

        var result = LayerReader.Read(json);

        Assert.Equal(["a", "b"], result.Layers.Select(l => l.Name));
    }

    [Fact]
    public void Read_OverSizeCap_FailsWithoutParsing()
    {
        var bytes = new byte[LayerReader.MaxLayerBytes + 1];

        var result = LayerReader.Read(bytes);

        Assert.Equal(LayerIssueCode.TooLarge, Assert.Single(result.Issues).Code);
    }

    [Fact]
    public async Task ReadAsync_UnseekableStreamOverCap_FailsWithTooLarge()
    {
        await using var stream = new UnseekableStream(new MemoryStream(new byte[LayerReader.MaxLayerBytes + 10]));

        var result = await LayerReader.ReadAsync(stream, TestContext.Current.CancellationToken);

        Assert.Equal(LayerIssueCode.TooLarge, Assert.Single(result.Issues).Code);
    }

    private sealed class UnseekableStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
