using Tessera.Core.Attack;
using Tessera.Core.Stix;
using Tessera.Tests.Shared;

namespace Tessera.Core.Tests.Stix;

public sealed class AttackSourceLoaderTests
{
    private static readonly StixReadOptions WithVersion = new() { Version = "18.1" };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // A path no file system accepts (here with a NUL character, as an API caller may send) is an error naming it, not an exception.
    [Theory]
    [InlineData("enterprise\0attack.json")]
    [InlineData("")]
    public async Task LoadPathAndReadIndex_PathNoFileSystemAccepts_UnreadableError(string path)
    {
        var loader = new AttackSourceLoader(null);

        var bundle = await loader.LoadPathAsync(path, WithVersion, Ct);
        var index = await loader.ReadIndexAsync(path, Ct);

        Assert.Equal(StixErrorKind.Unreadable, Assert.Single(bundle.Errors).Kind);
        Assert.Null(index.Index);
        var error = Assert.Single(index.Errors);
        Assert.Equal(StixErrorKind.Unreadable, error.Kind);
        Assert.StartsWith($"Cannot read '{path}'", error.Message, StringComparison.Ordinal);
    }

    // Opening a folder fails as "access denied"; an index path or bundle file that is a folder says what it is instead.
    [Fact]
    public async Task ReadIndexAndBundle_FolderGivenAsFile_SaysItIsAFolder()
    {
        var folder = Directory.CreateTempSubdirectory("tessera-index-").FullName;
        try
        {
            var index = await new AttackSourceLoader(null).ReadIndexAsync(folder, Ct);
            var bundle = await StixBundleReader.ReadFileAsync(folder, WithVersion, Ct);

            Assert.Null(index.Index);
            Assert.Equal($"Cannot read '{folder}': is a folder, not a file", Assert.Single(index.Errors).Message);
            Assert.Equal(StixErrorKind.Unreadable, Assert.Single(bundle.Errors).Kind);
            Assert.Equal($"Cannot read '{folder}': is a folder, not a file", Assert.Single(bundle.Errors).Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task LoadUrlAsync_LoopbackServer_StreamsBundle()
    {
        await using var server = new LoopbackHttpServer(new() { ["/bundles/valid.json"] = await File.ReadAllBytesAsync(StixFixtures.Path("valid-minimal.json"), Ct) });
        using var http = new HttpClient();

        var result = await new AttackSourceLoader(http).LoadUrlAsync(server.Url("/bundles/valid.json"), WithVersion, Ct);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.NotNull(result.Collection!.FindTechnique("T1059.001"));
        Assert.StartsWith("http://127.0.0.1:", result.Collection.Info.Source);
    }

    [Fact]
    public async Task LoadUrlAsync_VersionInUrlFileName_UsesIt()
    {
        await using var server = new LoopbackHttpServer(new() { ["/enterprise-attack-15.1.json"] = await File.ReadAllBytesAsync(StixFixtures.Path("valid-minimal.json"), Ct) });
        using var http = new HttpClient();

        var result = await new AttackSourceLoader(http).LoadUrlAsync(server.Url("/enterprise-attack-15.1.json"), null, Ct);

        Assert.Equal("15.1", result.Collection!.Info.Version);
    }

    [Fact]
    public async Task LoadUrlAsync_NotFound_ReturnsUnreadable()
    {
        await using var server = new LoopbackHttpServer([]);
        using var http = new HttpClient();

        var result = await new AttackSourceLoader(http).LoadUrlAsync(server.Url("/missing.json"), WithVersion, Ct);

        var error = Assert.Single(result.Errors);
        Assert.Equal(StixErrorKind.Unreadable, error.Kind);
        Assert.Contains("404", error.Message);
    }

    [Fact]
    public async Task LoadUrlAsync_DeclaredLengthOverCap_ReturnsTooLarge()
    {
        await using var server = new LoopbackHttpServer(new() { ["/big.json"] = new byte[4_096] });
        using var http = new HttpClient();

        var result = await new AttackSourceLoader(http).LoadUrlAsync(server.Url("/big.json"), WithVersion with { MaxBytes = 1_024 }, Ct);

        Assert.Equal(StixErrorKind.TooLarge, Assert.Single(result.Errors).Kind);
    }

    [Theory]
    [InlineData("file:///etc/passwd")] // a URL must never reach the file system
    [InlineData("ftp://127.0.0.1/x.json")]
    public async Task LoadUrlAsync_NonHttpScheme_IsRejected(string url)
    {
        using var http = new HttpClient();

        var result = await new AttackSourceLoader(http).LoadUrlAsync(new Uri(url), WithVersion, Ct);

        Assert.Equal(StixErrorKind.Unreadable, Assert.Single(result.Errors).Kind);
    }

    [Fact]
    public async Task LoadPathAsync_Folder_LoadsEachBundleAndSkipsIndex()
    {
        using var dir = new TempFolder();
        File.Copy(StixFixtures.Path("valid-minimal.json"), Path.Combine(dir.Path, "enterprise-attack-18.1.json"));
        File.Copy(StixFixtures.Path("duplicate-id.json"), Path.Combine(dir.Path, "enterprise-attack-18.0.json"));
        File.Copy(SharedData.Attack("collection-index.json"), Path.Combine(dir.Path, AttackSourceLoader.CollectionIndexFileName));

        var result = await new AttackSourceLoader().LoadPathAsync(dir.Path, null, Ct);

        Assert.Equal(2, result.Bundles.Count);
        Assert.Equal("enterprise-attack@18.1", Assert.Single(result.Collections).Info.Key);
        Assert.Equal(StixErrorKind.DuplicateId, Assert.Single(result.Errors).Kind);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task LoadPathAsync_EmptyFolder_ReportsNoBundle()
    {
        using var dir = new TempFolder();

        var result = await new AttackSourceLoader().LoadPathAsync(dir.Path, null, Ct);

        Assert.Equal(StixErrorKind.Unreadable, Assert.Single(result.Errors).Kind);
    }

    [Fact]
    public async Task ReadFileAsync_PublishedIndex_ListsCollectionsWithVersions()
    {
        var result = await CollectionIndexReader.ReadFileAsync(SharedData.Attack("collection-index.json"), Ct);

        Assert.True(result.Succeeded);
        var index = result.Index!;
        Assert.Equal(["Enterprise ATT&CK", "Mobile ATT&CK", "ICS ATT&CK"], index.Collections.Select(c => c.Name));
        Assert.Equal([AttackDomain.Enterprise, AttackDomain.Mobile, AttackDomain.Ics], index.Collections.Select(c => c.Domain!.Value));
        Assert.Equal(38, index.Collections[0].Versions.Count);
        Assert.EndsWith("/enterprise-attack-17.1.json", index.Find(AttackDomain.Enterprise, "17.1")!.Url.AbsolutePath);
        Assert.Null(index.Find(AttackDomain.Ics, "1.0")); // ICS started at 8.0
    }

    [Theory]
    [InlineData("malformed-json.json", StixErrorKind.MalformedJson)]
    [InlineData("valid-minimal.json", StixErrorKind.NotABundle)] // a bundle is not an index
    [InlineData("collection-index-bad-version.json", StixErrorKind.MissingField)]
    public async Task ReadFileAsync_BadIndex_ReturnsErrors(string fixture, StixErrorKind kind)
    {
        var result = await CollectionIndexReader.ReadFileAsync(StixFixtures.Path(fixture), Ct);

        Assert.Null(result.Index);
        Assert.Equal(kind, result.Errors[0].Kind);
    }

    // A local index names the ICS bundle beside it by a relative URL and by a file: URL; one escaping its folder is refused.
    [Theory]
    [InlineData("ics-attack-18.1.json", true)]
    [InlineData("file", true)]
    [InlineData("../ics-attack-18.1.json", false)]
    public async Task ReadIndexAsync_LocalIndex_ResolvesUrlsInsideItsFolderOnly(string url, bool ok)
    {
        using var dir = new TempFolder();
        var inner = Directory.CreateDirectory(Path.Combine(dir.Path, "index")).FullName;
        File.Copy(SharedData.Attack("ics-attack-18.1.json"), Path.Combine(inner, "ics-attack-18.1.json"));
        File.Copy(SharedData.Attack("ics-attack-18.1.json"), Path.Combine(dir.Path, "ics-attack-18.1.json"));
        var text = url == "file" ? new Uri(Path.Combine(inner, "ics-attack-18.1.json")).AbsoluteUri : url;
        var indexPath = Path.Combine(inner, "collection-index.json");
        await File.WriteAllTextAsync(indexPath,
            $$"""{"name":"local","collections":[{"id":"x-mitre-collection--1","name":"ICS ATT&CK","versions":[{"version":"18.1","url":"{{text}}"}]}]}""", Ct);
        var loader = new AttackSourceLoader();

        var read = await loader.ReadIndexAsync(indexPath, Ct);

        Assert.Equal(ok, read.Succeeded);
        if (ok)
        {
            var version = read.Index!.Find(AttackDomain.Ics, "18.1")!;
            var loaded = await loader.LoadIndexedAsync(version, null, Ct);
            Assert.True(loaded.Succeeded, string.Join("; ", loaded.Errors));
            Assert.Equal("ics-attack@18.1", loaded.Collection!.Info.Key);
        }
    }
}
