using Tessera.Core.Attack;
using Tessera.Core.Detection;
using Tessera.Core.Detection.Atomic;

namespace Tessera.Core.Tests.Detection.Atomic;

public sealed class AtomicExecutionLogReaderTests
{
    private static readonly AtomicExecutionLogReader Reader = new(TrimmedCatalog(), TimeProvider.System);

    private static Task<AtomicExecutionLogResult> ReadAsync(string fixture) =>
        Reader.ReadFileAsync(Fixtures.Atomic(fixture), TestContext.Current.CancellationToken);

    [Fact]
    public async Task ReadFileAsync_DefaultLoggerCsv_ReadsEveryExecution()
    {
        var result = await ReadAsync("execution-log.csv");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(4, result.Executions.Count);
        var first = result.Executions[0];
        Assert.Equal(new DateTimeOffset(2025, 3, 11, 14, 2, 17, TimeSpan.Zero), first.ExecutedAtUtc);
        Assert.Equal("2025-03-11T15:02:17Z", first.ExecutedAtLocalText);
        Assert.Equal((TechniqueId.Parse("T1003.001"), 1, 7312, 0), (first.Technique, first.TestNumber, first.ProcessId, first.ExitCode));
        Assert.Equal(("WS-FIN-042", @"CORP\atomic.runner", 2), (first.Hostname, first.Username, first.Line));
        Assert.Equal("System.Object[]", result.Executions[1].IpAddress);
        Assert.Equal(-1, result.Executions[1].ExitCode);
        Assert.Null(result.Executions[3].ProcessId);
    }

    // A run dated ahead of the clock would outrank real runs until that date; five minutes of skew are allowed
    // (14:02:17 and 14:03:05 against a clock at 13:58:30), more is an error on its line and the log yields no executions.
    [Fact]
    public async Task ReadFileAsync_ExecutionTimeAheadOfTheClock_ErrorOnThoseLinesOnly()
    {
        var clock = new Tessera.Tests.Shared.ManualClock(new DateTimeOffset(2025, 3, 11, 13, 58, 30, TimeSpan.Zero));
        var reader = new AtomicExecutionLogReader(TrimmedCatalog(), clock);

        var result = await reader.ReadFileAsync(Fixtures.Atomic("execution-log.csv"), TestContext.Current.CancellationToken);

        Assert.Equal([4, 5], result.Errors.Select(e => e.At.Line));
        Assert.StartsWith("Execution Time (UTC) 2025-03-11T14:05:40Z is in the future", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Empty(result.Executions);
    }

    // A run dated 1900 (a spreadsheet's zero date) was read as the oldest test of its technique.
    [Fact]
    public void ReadCsv_ExecutionTimeBefore2000_ErrorNamingTheColumnAndRange()
    {
        var csv = "\"Execution Time (UTC)\",\"Technique\",\"Test Number\",\"GUID\"\n" +
                  $"\"1900-01-01T00:00:00Z\",\"T1003.001\",\"1\",\"{Guid.NewGuid()}\"\n";

        var result = Reader.ReadCsv(csv, "log.csv");

        var error = Assert.Single(result.Errors);
        Assert.Equal((2, "Execution Time (UTC) 1900-01-01 is outside the dates Tessera accepts (2000-01-01 to 2100-12-31)"), (error.At.Line ?? 0, error.Message));
        Assert.Empty(result.Executions);
    }

    [Fact]
    public async Task ReadFileAsync_UnknownGuid_FlagsThatLineOnly()
    {
        var result = await ReadAsync("execution-log.csv");

        Assert.Equal([true, true, true, false], result.Executions.Select(e => e.IsKnownTest));
        var warning = Assert.Single(result.Warnings);
        Assert.Equal((DetectionIssueKind.UnknownTestGuid, 5, IssueSeverity.Warning), (warning.Kind, warning.At.Line, warning.Severity));
    }

    [Fact]
    public async Task ReadFileAsync_JsonArray_ReadsSameFieldsWithLines()
    {
        var result = await ReadAsync("execution-log.json");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal([2, 15], result.Executions.Select(e => e.Line));
        Assert.Equal((7312, 0), (result.Executions[0].ProcessId, result.Executions[0].ExitCode));
        Assert.Equal(@"CORP\atomic.runner", result.Executions[0].Username);
        Assert.Null(result.Executions[1].IpAddress);
        Assert.Equal(15, Assert.Single(result.Warnings).At.Line);
    }

    [Fact]
    public async Task ReadFileAsync_MalformedCsv_ReportsEachBadLineAndKeepsNothing()
    {
        var result = await ReadAsync("malformed-execution-log.csv");

        Assert.Empty(result.Executions);
        Assert.Equal(
            [
                (3, DetectionIssueKind.MalformedRecord), // 8 of 11 fields
                (4, DetectionIssueKind.InvalidValue),    // Test Number 'two'
                (4, DetectionIssueKind.InvalidValue),    // UTC time 'yesterday'
                (5, DetectionIssueKind.InvalidValue),    // GUID
                (5, DetectionIssueKind.InvalidTechniqueTag), // TA0007 is a tactic
                (6, DetectionIssueKind.MalformedRecord), // stray quotes inside a field
            ],
            result.Errors.Select(e => (e.At.Line ?? 0, e.Kind)).Order());
    }

    [Fact]
    public async Task ReadFileAsync_CsvWithoutLoggerColumns_ReportsMissingColumns()
    {
        var result = await ReadAsync("missing-columns-execution-log.csv");

        var error = Assert.Single(result.Errors);
        Assert.Equal((DetectionIssueKind.MissingField, 1), (error.Kind, error.At.Line));
        Assert.Contains("\"GUID\"", error.Message, StringComparison.Ordinal);
    }

    // A folder used to be reported as "access denied", and Latin-1 bytes as a code-page message.
    [Fact]
    public async Task ReadFileAsync_FolderOrNotUtf8_UnreadableSayingWhich()
    {
        var folder = Directory.CreateTempSubdirectory("tessera-log-").FullName;
        try
        {
            var latin1 = Path.Combine(folder, "log.csv");
            await File.WriteAllBytesAsync(latin1, [0x54, 0x65, 0x73, 0x74, 0xE9, 0x0A], TestContext.Current.CancellationToken);

            var asFolder = await Reader.ReadFileAsync(folder, TestContext.Current.CancellationToken);
            var notUtf8 = await Reader.ReadFileAsync(latin1, TestContext.Current.CancellationToken);

            Assert.Equal((DetectionIssueKind.Unreadable, "is a folder, not a file"), (Assert.Single(asFolder.Errors).Kind, asFolder.Errors[0].Message));
            Assert.StartsWith("not UTF-8 text", Assert.Single(notUtf8.Errors).Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task ReadFileAsync_MalformedJson_ReportsMissingFieldsAndSyntaxError()
    {
        var result = await ReadAsync("malformed-execution-log.json");

        Assert.Empty(result.Executions);
        Assert.Equal(
            [(8, DetectionIssueKind.MissingField), (17, DetectionIssueKind.MalformedRecord)], // 17: the trailing comma
            result.Errors.Select(e => (e.At.Line ?? 0, e.Kind)));
    }

    private const string Run = """{"Execution Time (UTC)": "2025-03-11T14:02:17Z", "Technique": "T1003.001", "Test Number": 1, "GUID": "0be2230c-9ab3-4ac2-8826-3199b9a0ebf8"}""";

    [Theory]
    [InlineData("[" + Run + "]\n[" + Run + "]\n", 2)] // two concatenated arrays
    [InlineData("[" + Run + "]\n\n  trailing garbage\n", 3)]
    [InlineData("[" + Run + "] ]", 1)]
    [InlineData("[" + Run + "]\n// a comment\n{}\n", 3)]
    public void ReadJson_ContentAfterTheArray_ErrorNamingItsLineAndNothingRecorded(string json, int line)
    {
        var result = Reader.ReadJson(json, "log.json");

        Assert.Empty(result.Executions);
        var error = Assert.Single(result.Errors);
        Assert.Equal((DetectionIssueKind.MalformedRecord, line), (error.Kind, error.At.Line));
        Assert.Contains("after the array", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadJson_WhitespaceAndCommentsAfterTheArray_AreFine()
    {
        var result = Reader.ReadJson("[" + Run + "]\n  // done\n\n", "log.json");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Single(result.Executions);
    }

    [Theory]
    [InlineData("\"Hostname\": \"bad \\ud800\"")]
    [InlineData("\"Host\\udc00name\": \"x\"")]
    public void ReadJson_LoneSurrogateEscape_ErrorOnItsRecordAndNothingRecorded(string extra)
    {
        var json = "[\n" + Run + ",\n" + Run[..^1] + ", " + extra + "}\n]";

        var result = Reader.ReadJson(json, "log.json");

        Assert.Empty(result.Executions);
        var error = Assert.Single(result.Errors);
        Assert.Equal((DetectionIssueKind.InvalidValue, 3), (error.Kind, error.At.Line));
        Assert.Contains("not valid text", error.Message, StringComparison.Ordinal);
    }

    private static AtomicCatalog TrimmedCatalog()
    {
        static AtomicTest Test(string technique, int number, string guid, string executor) => new()
        {
            Guid = Guid.Parse(guid), Technique = TechniqueId.Parse(technique), Number = number, Name = $"test {number}",
            Executor = new AtomicExecutor { Name = executor },
        };

        return new AtomicCatalog(
        [
            new AtomicTechnique
            {
                Technique = TechniqueId.Parse("T1003.001"), DisplayName = "OS Credential Dumping: LSASS Memory", File = "T1003.001/T1003.001.yaml",
                Tests = [Test("T1003.001", 1, "0be2230c-9ab3-4ac2-8826-3199b9a0ebf8", "command_prompt"), Test("T1003.001", 2, "2536dee2-12fb-459a-8c37-971844fa73be", "powershell")],
            },
            new AtomicTechnique
            {
                Technique = TechniqueId.Parse("T1087.001"), DisplayName = "Account Discovery: Local Account", File = "T1087.001/T1087.001.yaml",
                Tests = [Test("T1087.001", 1, "f8aab3dd-5990-4bf8-b8ab-2226c951696f", "sh")],
            },
        ]);
    }
}
