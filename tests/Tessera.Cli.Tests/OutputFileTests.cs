using Tessera.Tests.Shared;
using static Tessera.Cli.Tests.CliRunner;

namespace Tessera.Cli.Tests;

/// <summary>Output files (exports, converted layers) are written whole or not at all, and a target that cannot be written is named.</summary>
public sealed class OutputFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Layer => SharedData.Combine("navigator", "sample-art-navigator-layer.json");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task WriteAsync_WriterFailsHalfWay_KeepsThePreviousFileAndLeavesNoTemporaryFile()
    {
        var target = _folder.Write("export.json", "previous export");
        var console = new CliConsole(new StringWriter(), new StringWriter());

        var written = await OutputFile.WriteAsync(console, target, async (stream, ct) =>
        {
            await stream.WriteAsync("half of the new "u8.ToArray(), ct);
            throw new IOException("disk full");
        }, Ct);

        Assert.False(written);
        Assert.Equal("previous export", await File.ReadAllTextAsync(target, Ct));
        Assert.Equal([target], Directory.GetFiles(_folder.Path));
        Assert.Equal($"tessera: cannot write {target}: disk full", console.Error.ToString()!.Trim());
    }

    [Fact]
    public async Task WriteAsync_Succeeds_ReplacesTheFileAndLeavesNoTemporaryFile()
    {
        var target = _folder.Write("export.json", "previous export, longer than the new one");
        var console = new CliConsole(new StringWriter(), new StringWriter());

        Assert.True(await OutputFile.WriteAsync(console, target, "new", Ct));

        Assert.Equal("new", await File.ReadAllTextAsync(target, Ct));
        Assert.Equal([target], Directory.GetFiles(_folder.Path));
    }

    // QA pass 5: the replacement was created with default permissions, so an export the user had made private (600)
    // became readable by everyone.
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task WriteAsync_ReplacesAPrivateFile_TheNewFileIsPrivateToo()
    {
        var target = _folder.Write("incidents.json", "previous export");
        File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var executable = _folder.Write("report.sh", "#!/bin/sh");
        File.SetUnixFileMode(executable, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        var console = new CliConsole(new StringWriter(), new StringWriter());

        Assert.True(await OutputFile.WriteAsync(console, target, "new", Ct));
        Assert.True(await OutputFile.WriteAsync(console, executable, "#!/bin/sh\necho new", Ct));

        Assert.Equal("new", await File.ReadAllTextAsync(target, Ct));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(target));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute,
            File.GetUnixFileMode(executable));
    }

    // A session-14 probe wrote to /dev/null through the first version of this helper, which moved its temporary file
    // over the device: /dev/null became a regular file and PostgreSQL's initdb failed on the machine. The decision is
    // tested without writing to a device, so a regression cannot do that again.
    [Fact]
    public void ReplacesAtomically_DevicesAndLinksToThem_No_RegularAndNewFiles_Yes()
    {
        var regular = _folder.Write("regular.json", "{}");
        var toDevice = _folder.Combine("to-null");
        File.CreateSymbolicLink(toDevice, "/dev/null");

        Assert.False(OutputFile.ReplacesAtomically("/dev/null"));
        Assert.False(OutputFile.ReplacesAtomically("/dev/stdout"));
        Assert.False(OutputFile.ReplacesAtomically("/proc/self/fd/1"));
        Assert.False(OutputFile.ReplacesAtomically(toDevice));
        Assert.True(OutputFile.ReplacesAtomically(regular));
        Assert.True(OutputFile.ReplacesAtomically(_folder.Combine("new.json")));
    }

    [Fact]
    public async Task WriteAsync_ThroughASymbolicLink_ReplacesTheFileItPointsToAndKeepsTheLink()
    {
        var real = _folder.Write("real.json", "old");
        var link = _folder.Combine("link.json");
        File.CreateSymbolicLink(link, real);
        var console = new CliConsole(new StringWriter(), new StringWriter());

        Assert.True(await OutputFile.WriteAsync(console, link, "new", Ct));

        Assert.Equal(real, new FileInfo(link).LinkTarget);
        Assert.Equal("new", await File.ReadAllTextAsync(real, Ct));
        Assert.Equal(2, Directory.GetFileSystemEntries(_folder.Path).Length);
    }

    // A folder, or a file in a folder that does not exist: one line naming the target, exit 1, no stack trace. Before,
    // library export and layer convert ended in an unhandled exception.
    [Theory]
    [InlineData("library export --output {folder}", "is a folder, not a file")]
    [InlineData("library export --output {folder}/missing/library.json", "folder {folder}/missing does not exist")]
    [InlineData("layer convert {layer} --output {folder}", "is a folder, not a file")]
    [InlineData("layer convert {layer} --output {folder}/missing/layer.json", "folder {folder}/missing does not exist")]
    public async Task Verbs_OutputCannotBeWritten_OneLineNamingIt(string command, string reason)
    {
        var args = command.Replace("{layer}", Layer).Replace("{folder}", _folder.Path).Split(' ');
        var output = args[^1];

        // library export only reads: it needs a database that exists (a missing one is its own error).
        var db = args[0] == "library" ? await EmptyDatabase.CreateAsync(_folder.Combine("tessera.db")) : null;

        var run = await RunAsync([.. args, .. db is null ? [] : new[] { "--db", db }]);

        Assert.Equal(1, run.Exit);
        Assert.Equal($"tessera: cannot write {output}: {reason.Replace("{folder}", _folder.Path)}", run.Error.Trim());
        Assert.DoesNotContain("   at ", run.Error);
    }
}
