using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Coverage;
using Tessera.Core.Storage;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Api.Coverage;

/// <summary>The coverage API end to end on a real server. Each test works on its own techniques so tests do not see each other's rules.</summary>
public sealed class CoverageApiTests(TesseraServerFixture server) : IClassFixture<TesseraServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static object SplunkRule(string id, string technique, string dataSource) => new
    {
        source = "Splunk", externalId = id, title = $"Splunk rule {id}", queryText = "index=wineventlog EventCode=4769",
        techniques = new[] { technique }, tactics = new[] { "credential-access" }, dataSources = new[] { dataSource }, owner = "soc-team",
    };

    // A note had no cap (a 1 MB one was stored and shown in the history list) and took line breaks.
    [Theory]
    [InlineData(201, "", "note: at most 200 characters (201 given); a snapshot's note labels it in the history list.")]
    [InlineData(0, "before\nafter", "note: contains a control character (U+000A at position 7); it is one line of printable text.")]
    public async Task Snapshot_NoteTooLongOrOverLines_Returns400NamingNoteAndTakesNothing(int length, string text, string detail)
    {
        using var admin = await server.AdminAsync();
        var before = (await (await admin.GetAsync("api/v1/coverage/history", Ct)).ExpectJsonAsync(HttpStatusCode.OK)).GetArrayLength();

        var problem = await (await admin.PostAsJsonAsync("api/v1/coverage/snapshots", new { note = length > 0 ? new string('n', length) : text }, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        Assert.Equal(detail, problem.GetProperty("detail").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("note", out _));
        Assert.Equal(before, (await (await admin.GetAsync("api/v1/coverage/history", Ct)).ExpectJsonAsync(HttpStatusCode.OK)).GetArrayLength());
    }

    [Fact]
    public async Task CreateRule_AsViewer_Forbidden()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var response = await viewer.PostAsJsonAsync("api/v1/rules", SplunkRule("viewer-rule", "T1558.003", "WinEventLog:Security"), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    // Hand-entered rules' tactics used to be checked for shape only: "made-up-tactic" was stored.
    [Fact]
    public async Task CreateRule_TacticNoLoadedReleaseHas_BadRequestNamingTheValue()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        var rule = new
        {
            source = "Splunk", externalId = "unknown-tactic", title = "Rule with an unknown tactic", queryText = "index=main",
            techniques = new[] { "T1685" }, tactics = new[] { "execution", "made-up-tactic" },
        };

        var problem = await (await engineer.PostAsJsonAsync("api/v1/rules", rule, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);
        var byId = await (await engineer.PostAsJsonAsync("api/v1/rules", rule with { externalId = "tactic-by-id", tactics = new[] { "TA0002", "stealth" } }, Ct)).ExpectJsonAsync(HttpStatusCode.Created);

        var error = Assert.Single(problem.GetProperty("errors").GetProperty("tactics").EnumerateArray()).GetString();
        Assert.StartsWith("'made-up-tactic' is not a tactic of the loaded ATT&CK releases (", error, StringComparison.Ordinal);
        Assert.Equal(["execution", "stealth"], byId.GetProperty("tactics").EnumerateArray().Select(t => t.GetString()));
    }

    // An unknown tactic filter answered an empty page ("no rule covers TA9999") and a tactic ID matched nothing.
    [Fact]
    public async Task ListRules_UnknownTactic_BadRequestListingTactics_TacticIdFilters()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        var rule = new
        {
            source = "Splunk", externalId = "tactic-filter", title = "Kerberoasting for the tactic filter", queryText = "index=main",
            techniques = new[] { "T1558.003" }, tactics = new[] { "credential-access" }, owner = "tactic-filter-team",
        };
        await (await engineer.PostAsJsonAsync("api/v1/rules", rule, Ct)).ExpectJsonAsync(HttpStatusCode.Created);

        var problem = await (await engineer.GetAsync("api/v1/rules?owner=tactic-filter-team&tactic=TA9999", Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);
        var byId = await (await engineer.GetAsync("api/v1/rules?owner=tactic-filter-team&tactic=TA0006", Ct)).ExpectJsonAsync(HttpStatusCode.OK);

        var errors = problem.GetProperty("errors").GetProperty("tactic").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.StartsWith("'TA9999' is not a tactic of the loaded ATT&CK releases (", errors[0], StringComparison.Ordinal);
        Assert.Equal("tactic: " + errors[0], problem.GetProperty("detail").GetString());
        // Rules may carry v19's tactics, which the list holds: the message says so instead of contradicting it.
        Assert.Contains("nor of ATT&CK v19 (defense-impairment, stealth)", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("the tactics are ", errors[1], StringComparison.Ordinal);
        Assert.Contains("credential-access", errors[1], StringComparison.Ordinal);
        Assert.Contains("stealth", errors[1], StringComparison.Ordinal);
        Assert.Equal(1, byId.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task CreateRule_V19Technique_KeptAndFlagged()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");

        var created = await (await engineer.PostAsJsonAsync("api/v1/rules", SplunkRule("v19-rule", "T1685", "WinEventLog:Security"), Ct)).ExpectJsonAsync(HttpStatusCode.Created);

        var tag = created.GetProperty("techniques")[0];
        Assert.Equal(("T1685", "not in enterprise-attack@18.1"), (tag.GetProperty("id").GetString(), tag.GetProperty("flag").GetString()));
        // Atomic Red Team names T1685 "Disable or Modify Tools": 18.1's T1562.001, so the rule counts there, not as unknown.
        var coverage = await engineer.GetFromJsonAsync<JsonElement>("api/v1/coverage", Ct);
        Assert.DoesNotContain(coverage.GetProperty("unknownTechniques").EnumerateArray(), t => t.GetProperty("id").GetString() == "T1685");
        var technique = coverage.GetProperty("techniques").EnumerateArray().Single(t => t.GetProperty("id").GetString() == "T1562.001");
        Assert.Equal(["T1685"], technique.GetProperty("newerIds").EnumerateArray().Select(e => e.GetString()));
        Assert.NotEqual("gap", technique.GetProperty("state").GetString());
        var detail = await engineer.GetFromJsonAsync<JsonElement>("api/v1/coverage/techniques/T1685", Ct);
        Assert.Equal("T1562.001", detail.GetProperty("technique").GetProperty("id").GetString());
        Assert.Contains(detail.GetProperty("rules").EnumerateArray(), r => r.GetProperty("title").GetString() == "Splunk rule v19-rule");
    }

    // QA: a rule tagged with a parent and its sub-technique counted twice for the parent in GET /coverage (and the matrix
    // cell's tooltip), while the CSV export of the same report counted it once.
    [Fact]
    public async Task Coverage_RuleTaggedWithParentAndSubtechnique_CountedOnceForTheParent()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        await (await engineer.PostAsJsonAsync("api/v1/rules", new
        {
            source = "Splunk", externalId = "parent-and-sub", title = "Splunk rule parent-and-sub", queryText = "index=main sourcetype=wmi",
            techniques = new[] { "T1546.003", "T1546" }, tactics = new[] { "execution" }, dataSources = new[] { "WinEventLog:Security" },
        }, Ct)).ExpectJsonAsync(HttpStatusCode.Created);

        var coverage = await engineer.GetFromJsonAsync<JsonElement>("api/v1/coverage", Ct);
        var detail = await engineer.GetFromJsonAsync<JsonElement>("api/v1/coverage/techniques/T1546", Ct);

        var parent = coverage.GetProperty("techniques").EnumerateArray().Single(t => t.GetProperty("id").GetString() == "T1546");
        Assert.Equal(1, parent.GetProperty("rules").GetInt32());
        // The drill-down lists it under both headings, as it is tagged with both.
        Assert.Equal((1, 1), (detail.GetProperty("rules").GetArrayLength(), detail.GetProperty("subtechniqueRules").GetArrayLength()));
    }

    [Fact]
    public async Task CreateRule_BadTechnique_ProblemWithFieldErrors()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");

        var problem = await (await engineer.PostAsJsonAsync("api/v1/rules", SplunkRule("bad", "TA0006", "x"), Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        Assert.Contains("TA0006", problem.GetProperty("errors").GetProperty("techniques")[0].GetString());
    }

    [Fact]
    public async Task ImportSigma_OneBadFile_ImportsTheRestAndReportsIt_StrictSavesNothing()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        var good = File.ReadAllText(Tessera.Tests.Shared.SharedData.Combine("sigma", "rules", "windows", "process_creation", "proc_creation_win_whoami_all_execution.yml"));
        var files = new[] { new { path = "good.yml", content = good }, new { path = "bad.yml", content = "title: x\ndetection: [unclosed" } };

        var strict = await (await engineer.PostAsJsonAsync("api/v1/rules/import/sigma", new { files, strict = true }, Ct)).ExpectJsonAsync(HttpStatusCode.UnprocessableEntity);
        var lenient = await (await engineer.PostAsJsonAsync("api/v1/rules/import/sigma", new { files, owner = "sigma-team" }, Ct)).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal("bad.yml", strict.GetProperty("rejections")[0].GetProperty("file").GetString());
        Assert.Equal((1, 1), (lenient.GetProperty("created").GetInt32(), lenient.GetProperty("filesRejected").GetInt32()));
        var page = await engineer.GetFromJsonAsync<JsonElement>("api/v1/rules?owner=sigma-team&tactic=discovery", Ct);
        Assert.Equal(1, page.GetProperty("total").GetInt32());
    }

    // The API gave only a count ("warnings": 6): a rule without an id imported under a second path became a second
    // rule without the caller being told; the CLI's --json listed the texts (warningDetails).
    [Fact]
    public async Task ImportSigma_RuleWithoutId_WarningTextsInTheAnswer()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        const string rule = "title: QA no id\nlogsource: {product: windows}\ndetection: {sel: {a: b}, condition: sel}\n";
        var files = new[] { new { path = "warn/noid.yml", content = rule }, new { path = "warn/other/noid.yml", content = rule } };

        var result = await (await engineer.PostAsJsonAsync("api/v1/rules/import/sigma", new { files }, Ct)).ExpectJsonAsync(HttpStatusCode.OK);

        var details = result.GetProperty("warningDetails").EnumerateArray().Select(w => w.GetString()!).ToList();
        Assert.Equal(result.GetProperty("warnings").GetInt32(), details.Count);
        Assert.Contains(details, w => w.Contains("no id: the rule is registered as sigma:warn/other/noid.yml#0, so importing the file from another path adds a second rule"));
        Assert.Contains(details, w => w.Contains("sigma:warn/noid.yml#0"));
    }

    [Fact]
    public async Task Coverage_DataSourceValidationAndDrop_MovesTechniqueThroughStates()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        var rule = await (await engineer.PostAsJsonAsync("api/v1/rules", SplunkRule("kerberoast", "T1558.003", "WinEventLog:Security EventCode=4769"), Ct)).ExpectJsonAsync(HttpStatusCode.Created);
        async Task<string> State() => (await engineer.GetFromJsonAsync<JsonElement>("api/v1/coverage/techniques/T1558.003", Ct)).GetProperty("technique").GetProperty("state").GetString()!;
        Assert.Equal("NoData", await State());

        var source = await (await engineer.PostAsJsonAsync("api/v1/data-sources",
            new { name = "Windows Security (DCs)", platform = "Windows", environment = "api-test", logSources = new[] { "WinEventLog:Security" }, completeness = 90 }, Ct)).ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal("RuleExists", await State());

        var recorded = await (await engineer.PostAsJsonAsync("api/v1/validations", new
        {
            runs = new[] { new { test = "Rubeus kerberoast", technique = "T1558.003", executedAt = DateTimeOffset.UtcNow.AddMinutes(-5), host = "dc-01", outcome = "Detected", firedRules = new[] { "kerberoast" }, tool = "purple-team" } },
        }, Ct)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("TestedPassing", recorded.GetProperty("ruleChanges")[0].GetProperty("status").GetString());
        Assert.Equal("Validated", await State());

        await (await engineer.PostAsJsonAsync($"api/v1/data-sources/{source.GetProperty("id").GetGuid()}/status",
            new { version = source.GetProperty("version").GetInt64(), status = "Dropped", reason = "forwarder decommissioned" }, Ct)).ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("NoData", await State());

        var detail = await engineer.GetFromJsonAsync<JsonElement>($"api/v1/rules/{rule.GetProperty("id").GetGuid()}", Ct);
        Assert.Equal(["Created", "ValidationChanged"], detail.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("kind").GetString()));
    }

    // QA pass 6: owner with clearOwner was 200 (the clear won unseen), a blank owner was stored as "", and an edit that
    // changed nothing made a new version, a history line and an audit entry.
    [Fact]
    public async Task EditRule_ContradictionBlankOwnerAndNoOp_400ClearAndNothingWritten()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        var rule = await (await engineer.PostAsJsonAsync("api/v1/rules", SplunkRule("edit-" + Guid.NewGuid().ToString("N")[..8], "T1558.003", "WinEventLog:Security"), Ct)).ExpectJsonAsync(HttpStatusCode.Created);
        var id = rule.GetProperty("id").GetGuid();
        var version = rule.GetProperty("version").GetInt64();

        var both = await (await engineer.PatchAsJsonAsync($"api/v1/rules/{id}", new { version, owner = "x", clearOwner = true }, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);
        var noOp = await (await engineer.PatchAsJsonAsync($"api/v1/rules/{id}", new { version, owner = "soc-team", enabled = true }, Ct)).ExpectJsonAsync(HttpStatusCode.OK);
        var blank = await (await engineer.PatchAsJsonAsync($"api/v1/rules/{id}", new { version, owner = "  " }, Ct)).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Contains("not both", both.GetRawText());
        Assert.Equal(version, noOp.GetProperty("version").GetInt64());
        Assert.Equal((JsonValueKind.Null, version + 1), (blank.GetProperty("owner").ValueKind, blank.GetProperty("version").GetInt64()));
        using var admin = await server.AdminAsync();
        var audit = await admin.GetFromJsonAsync<JsonElement>($"api/v1/audit?action=rule.edit&entityId={id}", Ct);
        Assert.Single(audit.GetProperty("items").EnumerateArray()); // the blank owner's, not the no-op's
    }

    // A missing version used to read as 0 and be answered 409 "changed since you read it", as if someone else had edited.
    [Fact]
    public async Task DataSourceStatus_WithoutStatus_400AndSourceUnchanged()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        var source = await (await engineer.PostAsJsonAsync("api/v1/data-sources",
            new { name = "Proxy logs (status test)", platform = "Network", environment = "api-test", logSources = new[] { "proxy" }, completeness = 80 }, Ct)).ExpectJsonAsync(HttpStatusCode.Created);
        var id = source.GetProperty("id").GetGuid();
        source = await (await engineer.PostAsJsonAsync($"api/v1/data-sources/{id}/status",
            new { version = source.GetProperty("version").GetInt64(), status = "Dropped", reason = "proxy replaced" }, Ct)).ExpectJsonAsync(HttpStatusCode.OK);

        var problem = await (await engineer.PostAsJsonAsync($"api/v1/data-sources/{id}/status",
            new { version = source.GetProperty("version").GetInt64(), reason = "forgot the status" }, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        Assert.StartsWith("status is required", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var stored = await engineer.GetFromJsonAsync<JsonElement>($"api/v1/data-sources/{id}", Ct);
        Assert.Equal("Dropped", stored.GetProperty("source").GetProperty("status").GetString());
    }

    // Year 1 and 1900 were stored: a registered day of 0001-01-01 and a status change dated a century before the source existed.
    [Fact]
    public async Task DataSource_DatesOutsideTheAcceptedRange_400NamingTheField()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        var created = await (await engineer.PostAsJsonAsync("api/v1/data-sources",
            new { name = "Firewall (date test)", platform = "Network", environment = "api-test", logSources = new[] { "firewall" }, registeredOn = "0001-01-01", connectedOn = "2101-01-01" }, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);
        var source = await (await engineer.PostAsJsonAsync("api/v1/data-sources",
            new { name = "Firewall (date test)", platform = "Network", environment = "api-test", logSources = new[] { "firewall" }, registeredOn = "2000-01-01" }, Ct)).ExpectJsonAsync(HttpStatusCode.Created);

        var status = await (await engineer.PostAsJsonAsync($"api/v1/data-sources/{source.GetProperty("id").GetGuid()}/status",
            new { version = source.GetProperty("version").GetInt64(), status = "Degraded", at = "1900-01-01T00:00:00Z", reason = "typo in the year" }, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        Assert.Equal("registeredOn 0001-01-01 is outside the dates Tessera accepts (2000-01-01 to 2100-12-31)", created.GetProperty("errors").GetProperty("registeredOn")[0].GetString());
        Assert.Equal("connectedOn 2101-01-01 is outside the dates Tessera accepts (2000-01-01 to 2100-12-31)", created.GetProperty("errors").GetProperty("connectedOn")[0].GetString());
        Assert.Equal("at 1900-01-01 is outside the dates Tessera accepts (2000-01-01 to 2100-12-31).", status.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task EditRule_WithoutVersion_400VersionRequiredAndRuleUnchanged()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        var rule = await (await engineer.PostAsJsonAsync("api/v1/rules", SplunkRule("no-version", "T1552.001", "WinEventLog:Security"), Ct)).ExpectJsonAsync(HttpStatusCode.Created);
        var id = rule.GetProperty("id").GetGuid();

        var empty = await (await engineer.PatchAsJsonAsync($"api/v1/rules/{id}", new { }, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);
        var noVersion = await (await engineer.PatchAsJsonAsync($"api/v1/rules/{id}", new { enabled = false }, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        Assert.All([empty, noVersion], p => Assert.StartsWith("version is required", p.GetProperty("detail").GetString(), StringComparison.Ordinal));
        Assert.True(noVersion.GetProperty("errors").TryGetProperty("version", out _));
        var after = (await engineer.GetFromJsonAsync<JsonElement>($"api/v1/rules/{id}", Ct)).GetProperty("rule");
        Assert.Equal((true, rule.GetProperty("version").GetInt64()), (after.GetProperty("enabled").GetBoolean(), after.GetProperty("version").GetInt64()));
    }

    // A run dated 2099 would outrank every real run until then (older runs never overwrite a newer test), freezing
    // the rule as passing. Refused, naming the run and the field; nothing of the batch is recorded.
    [Fact]
    public async Task RecordValidations_FutureExecutedAt_400NamingItAndNothingRecorded()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        await (await engineer.PostAsJsonAsync("api/v1/rules", SplunkRule("future-run", "T1110.003", "WinEventLog:Security"), Ct)).ExpectJsonAsync(HttpStatusCode.Created);
        var runs = new object[]
        {
            new { test = "spray", technique = "T1110.003", executedAt = DateTimeOffset.UtcNow.AddMinutes(-1), outcome = "NotDetected" },
            new { test = "spray", technique = "T1110.003", executedAt = "2099-01-01T00:00:00Z", outcome = "Detected", firedRules = new[] { "future-run" } },
        };

        var problem = await (await engineer.PostAsJsonAsync("api/v1/validations", new { runs }, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        var error = Assert.Single(problem.GetProperty("errors").GetProperty("runs[1]").EnumerateArray()).GetString();
        Assert.StartsWith("executedAt 2099-01-01T00:00:00Z is in the future", error, StringComparison.Ordinal);
        Assert.False(problem.GetProperty("errors").TryGetProperty("runs[0]", out _));
        Assert.Empty((await engineer.GetFromJsonAsync<JsonElement>("api/v1/validations?technique=T1110.003", Ct)).EnumerateArray());
    }

    // A run dated 1900 (a spreadsheet's zero date) was recorded and listed as the rule's oldest test. A time with an offset
    // was quoted as its UTC day ("executedAt 2101-01-01"), a date nobody sent.
    [Theory]
    [InlineData("1900-01-01T00:00:00Z", "executedAt 1900-01-01 is outside the dates Tessera accepts (2000-01-01 to 2100-12-31)")]
    [InlineData("2100-12-31T23:59:59-05:00", "executedAt 2100-12-31T23:59:59-05:00 (2101-01-01 in UTC) is outside the dates Tessera accepts (2000-01-01 to 2100-12-31)")]
    public async Task RecordValidations_ExecutedAtOutsideTheRange_400NamingFieldValueAndRange(string executedAt, string message)
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        var runs = new object[] { new { test = "spray", technique = "T1110.001", executedAt, outcome = "NotDetected" } };

        var problem = await (await engineer.PostAsJsonAsync("api/v1/validations", new { runs }, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        Assert.Equal(message,
            Assert.Single(problem.GetProperty("errors").GetProperty("runs[0]").EnumerateArray()).GetString());
        Assert.Empty((await engineer.GetFromJsonAsync<JsonElement>("api/v1/validations?technique=T1110.001", Ct)).EnumerateArray());
    }

    [Fact]
    public async Task AtomicLog_FutureExecutionTime_400NamingTheLineAndNothingRecorded()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        var csv = "\"Execution Time (UTC)\",\"Technique\",\"Test Number\",\"GUID\"\n" +
                  $"\"{DateTimeOffset.UtcNow.AddHours(-1):yyyy-MM-ddTHH:mm:ssZ}\",\"T1110.004\",\"1\",\"{Guid.NewGuid()}\"\n" +
                  $"\"2099-01-01T00:00:00Z\",\"T1110.004\",\"2\",\"{Guid.NewGuid()}\"\n";

        var problem = await (await engineer.PostAsJsonAsync("api/v1/validations/atomic-log", new { format = "csv", content = csv, fileName = "log.csv" }, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        var error = Assert.Single(problem.GetProperty("errors").GetProperty("content").EnumerateArray()).GetString();
        Assert.Contains("log.csv:3", error);
        Assert.Contains("2099-01-01T00:00:00Z is in the future", error);
        Assert.Empty((await engineer.GetFromJsonAsync<JsonElement>("api/v1/validations?technique=T1110.004", Ct)).EnumerateArray());
    }

    // A fired rule nobody registered changes nothing; the run is kept and the answer says which names matched no rule.
    [Fact]
    public async Task RecordValidations_UnknownFiredRule_RecordedWithWarningNamingIt()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        var rule = await (await engineer.PostAsJsonAsync("api/v1/rules", SplunkRule("known-fired", "T1110.002", "WinEventLog:Security"), Ct)).ExpectJsonAsync(HttpStatusCode.Created);
        var runs = new object[]
        {
            new
            {
                test = "crack", technique = "T1110.002", executedAt = DateTimeOffset.UtcNow.AddMinutes(-1), outcome = "Detected",
                firedRules = new[] { "known-fired", rule.GetProperty("id").GetGuid().ToString(), "no-such-rule" },
            },
        };

        var result = await (await engineer.PostAsJsonAsync("api/v1/validations", new { runs }, Ct)).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(1, result.GetProperty("recorded").GetInt32());
        var warning = Assert.Single(result.GetProperty("warnings").EnumerateArray()).GetString();
        Assert.StartsWith("firedRules: 'no-such-rule' is not a registered rule", warning, StringComparison.Ordinal);
        Assert.Equal("TestedPassing", Assert.Single(result.GetProperty("ruleChanges").EnumerateArray()).GetProperty("status").GetString());
    }

    // The read that finds the rules a batch changes also says which fired-rule names match none (the warnings); they used
    // to be read twice in one request.
    [Fact]
    public async Task RecordValidations_UnknownFiredRule_OneReadFindsTheRulesAndTheUnknownNames()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        var marker = Guid.NewGuid().ToString("N");
        var rule = new
        {
            source = "Splunk", externalId = "known-" + marker, title = "Known fired rule", queryText = "index=main", techniques = new[] { "T1110.002" },
        };
        (await engineer.PostAsJsonAsync("api/v1/rules", rule, Ct)).EnsureSuccessStatusCode();
        var runs = new object[]
        {
            new
            {
                test = "crack", technique = "T1110.002", executedAt = DateTimeOffset.UtcNow.AddMinutes(-1), outcome = "Detected",
                firedRules = new[] { "known-" + marker, "missing-" + marker },
            },
        };
        using var commands = new CommandRecorder();

        var result = await (await engineer.PostAsJsonAsync("api/v1/validations", new { runs }, Ct)).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal($"firedRules: 'missing-{marker}' is not a registered rule (by id or external id); the run is kept, no rule changed for it",
            Assert.Single(result.GetProperty("warnings").EnumerateArray()).GetString());
        Assert.Equal("TestedPassing", Assert.Single(result.GetProperty("ruleChanges").EnumerateArray()).GetProperty("status").GetString());
        // The reads that name the fired rules (the insert of the run names them too, in its text column).
        var reads = commands.Commands.Where(c => c.Text.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) && c.Mentions("missing-" + marker)).ToList();
        Assert.True(reads.Count == 1, $"{reads.Count} reads named the fired rules:\n{string.Join("\n---\n", reads.Select(r => r.Text))}");
    }

    // QA pass: the validation.record audit entry listed the ids of runs skipped as already recorded (or repeated in the
    // batch), which were never stored.
    [Fact]
    public async Task RecordValidations_RepeatedAndRecordedBefore_AuditListsOnlyTheStoredRunIds()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        using var admin = await server.AdminAsync();
        var test = "audit-ids-" + Guid.NewGuid().ToString("N");
        var run = new { test, technique = "T1552.001", executedAt = DateTimeOffset.UtcNow.AddMinutes(-1), outcome = "NotDetected" };

        var first = await (await engineer.PostAsJsonAsync("api/v1/validations", new { runs = new[] { run, run } }, Ct)).ExpectJsonAsync(HttpStatusCode.OK);
        var firstIds = await LatestValidationAuditRunIdsAsync(admin);
        var again = await (await engineer.PostAsJsonAsync("api/v1/validations", new { runs = new[] { run } }, Ct)).ExpectJsonAsync(HttpStatusCode.OK);
        var againIds = await LatestValidationAuditRunIdsAsync(admin);

        var stored = Assert.Single((await engineer.GetFromJsonAsync<JsonElement>("api/v1/validations?technique=T1552.001", Ct)).EnumerateArray(),
            r => r.GetProperty("testName").GetString() == test);
        Assert.Equal((1, 1), (first.GetProperty("recorded").GetInt32(), first.GetProperty("unchanged").GetInt32()));
        Assert.Equal([stored.GetProperty("id").GetGuid()], firstIds);
        Assert.Equal((0, 1), (again.GetProperty("recorded").GetInt32(), again.GetProperty("unchanged").GetInt32()));
        Assert.Empty(againIds);
    }

    // This class's tests run one at a time on their own server, so the newest validation.record entry is the test's own.
    private static async Task<List<Guid>> LatestValidationAuditRunIdsAsync(HttpClient admin)
    {
        var page = await admin.GetFromJsonAsync<JsonElement>("api/v1/audit?action=validation.record&take=1", Ct);
        using var after = JsonDocument.Parse(Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("event").GetProperty("afterJson").GetString()!);
        return after.RootElement.GetProperty("runIds").EnumerateArray().Select(i => i.GetGuid()).ToList();
    }

    [Fact]
    public async Task RecordValidations_OneInvalidRun_NothingRecorded()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        var runs = new object[]
        {
            new { test = "ok", technique = "T1110.001", executedAt = DateTimeOffset.UtcNow, outcome = "NotDetected" },
            new { test = "no rules named", technique = "T1110.001", executedAt = DateTimeOffset.UtcNow, outcome = "Detected" },
        };

        var problem = await (await engineer.PostAsJsonAsync("api/v1/validations", new { runs }, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("runs[1]", out _));
        Assert.Empty((await engineer.GetFromJsonAsync<JsonElement>("api/v1/validations?technique=T1110.001", Ct)).EnumerateArray());
    }

    [Fact]
    public async Task AtomicLog_UnknownGuid_RecordedWithWarning()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        var csv = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "coverage", "execution-log-unknown-guid.csv"));

        var result = await (await engineer.PostAsJsonAsync("api/v1/validations/atomic-log", new { format = "csv", content = csv, outcome = "NotDetected" }, Ct)).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(1, result.GetProperty("recorded").GetInt32());
        Assert.Contains("UnknownTestGuid", result.GetProperty("warnings")[0].GetString());
    }

    // An unknown tactic filter answered a matrix, layer or export without a technique, as if the tactic were a gap; so did
    // v19's stealth, which rules may carry but an 18.1 matrix never holds.
    [Theory]
    [InlineData("api/v1/coverage?", "TA9999")]
    [InlineData("api/v1/coverage/layer?", "TA9999")]
    [InlineData("api/v1/coverage/export?format=csv&", "TA9999")]
    [InlineData("api/v1/coverage?", "stealth")]
    [InlineData("api/v1/coverage/export?format=csv&", "defense-impairment")]
    public async Task Coverage_UnknownTactic_BadRequestListingTheCollectionsTactics(string path, string tactic)
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var problem = await (await viewer.GetAsync(path + "tactic=" + tactic, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors").GetProperty("tactic").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.StartsWith($"tactic: '{tactic}' is not a tactic of the loaded ATT&CK releases (enterprise-attack", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.StartsWith($"'{tactic}' is not a tactic of ", errors[0], StringComparison.Ordinal);
        Assert.DoesNotContain("v19", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("the tactics are ", errors[1], StringComparison.Ordinal);
        Assert.Contains("credential-access", errors[1], StringComparison.Ordinal);
        Assert.DoesNotContain("stealth", errors[1], StringComparison.Ordinal);
    }

    // A tactic ID (TA0006) filtered on the ID itself and listed no technique.
    [Fact]
    public async Task Coverage_TacticId_FiltersAsItsShortName()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var byId = await viewer.GetFromJsonAsync<JsonElement>("api/v1/coverage?tactic=TA0006", Ct);
        var byName = await viewer.GetFromJsonAsync<JsonElement>("api/v1/coverage?tactic=Credential-Access", Ct);
        var layer = await viewer.GetFromJsonAsync<JsonElement>("api/v1/coverage/layer?tactic=TA0006", Ct);

        static List<string> Ids(JsonElement report) => [.. report.GetProperty("techniques").EnumerateArray().Select(t => t.GetProperty("id").GetString()!)];
        Assert.NotEmpty(Ids(byId));
        Assert.Equal(Ids(byName), Ids(byId));
        Assert.Contains("Only techniques matching tactic credential-access", layer.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Layer_Export_HasLegendWithFiveStates()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var layer = await viewer.GetFromJsonAsync<JsonElement>("api/v1/coverage/layer", Ct);
        var xlsx = await viewer.GetAsync("api/v1/coverage/export?format=xlsx", Ct);

        Assert.Equal("4.5", layer.GetProperty("versions").GetProperty("layer").GetString());
        Assert.Equal(5, layer.GetProperty("legendItems").GetArrayLength());
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task LayerAndExports_WithListingFilters_HoldWhatTheListingShows()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");
        var listed = (await viewer.GetFromJsonAsync<JsonElement>("api/v1/coverage?tactic=execution", Ct)).GetProperty("techniques")
            .EnumerateArray().Select(t => t.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToList();
        var all = (await viewer.GetFromJsonAsync<JsonElement>("api/v1/coverage", Ct)).GetProperty("techniques").GetArrayLength();
        Assert.InRange(listed.Count, 1, all - 1);

        var layer = await viewer.GetFromJsonAsync<JsonElement>("api/v1/coverage/layer?tactic=execution", Ct);
        var csv = await viewer.GetStringAsync("api/v1/coverage/export?format=csv&tactic=execution", Ct);
        var gaps = await viewer.GetFromJsonAsync<JsonElement>("api/v1/coverage/layer?state=gap", Ct);

        Assert.Equal(listed, layer.GetProperty("techniques").EnumerateArray().Select(t => t.GetProperty("techniqueID").GetString()!).Order(StringComparer.Ordinal));
        Assert.Contains("Only techniques matching tactic execution", layer.GetProperty("description").GetString());
        Assert.Equal(listed, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[0]).Order(StringComparer.Ordinal));
        Assert.Equal([CoverageState.Gap.Color()], gaps.GetProperty("techniques").EnumerateArray().Select(t => t.GetProperty("color").GetString()).Distinct());
    }

    [Fact]
    public async Task Dettect_YamlError_ProblemNamesFileAndNothingImported()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        var before = (await engineer.GetFromJsonAsync<JsonElement>("api/v1/data-sources", Ct)).GetArrayLength();

        var problem = await (await engineer.PostAsJsonAsync("api/v1/coverage/dettect",
            new { fileName = "broken.yaml", content = "version: 1.2\nfile_type: data-source-administration\ndata_sources: [\n" }, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        Assert.Contains("broken.yaml", problem.GetProperty("detail").GetString());
        Assert.True(problem.GetProperty("errors").GetProperty("content").GetArrayLength() > 0);
        Assert.Equal(before, (await engineer.GetFromJsonAsync<JsonElement>("api/v1/data-sources", Ct)).GetArrayLength());
    }

    // QA pass: the import stored date_registered 1900-01-01 and date_connected 0001-01-01, which POST /data-sources refuses.
    [Fact]
    public async Task Dettect_DataSourceDateOutsideEnteredRange_RefusedNamingFileLineAndFieldNothingImported()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        var before = (await engineer.GetFromJsonAsync<JsonElement>("api/v1/data-sources", Ct)).GetArrayLength();
        var lines = await File.ReadAllLinesAsync(Tessera.Tests.Shared.SharedData.Combine("dettect", "sample-data", "data-sources-endpoints.yaml"), Ct);
        Assert.Equal("        date_registered: 2021-06-08T00:00:00.000Z", lines[30]);
        lines[30] = "        date_registered: 1900-01-01";
        Assert.Equal("        date_connected: 2020-04-13T00:00:00.000Z", lines[31]);
        lines[31] = "        date_connected: 0001-01-01";

        var problem = await (await engineer.PostAsJsonAsync("api/v1/coverage/dettect",
            new { fileName = "ds.yaml", content = string.Join("\n", lines) }, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors").GetProperty("content").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(2, errors.Count);
        Assert.StartsWith("ds.yaml:31: data_sources[0].data_source[1].date_registered: date_registered 1900-01-01 is outside", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("ds.yaml:32: data_sources[0].data_source[1].date_connected: date_connected 0001-01-01 is outside", errors[1], StringComparison.Ordinal);
        Assert.Equal(before, (await engineer.GetFromJsonAsync<JsonElement>("api/v1/data-sources", Ct)).GetArrayLength());
    }

    [Fact]
    public async Task Dettect_GroupsFile_ReportsMappedGroupsWithoutTouchingInventory()
    {
        // A groups file only feeds the priority scope (and only when asked), so other tests' data sources stay as they are.
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        var content = await File.ReadAllTextAsync(Tessera.Tests.Shared.SharedData.Combine("dettect", "sample-data", "groups.yaml"), Ct);

        var report = await (await engineer.PostAsJsonAsync("api/v1/coverage/dettect", new { fileName = "groups.yaml", content }, Ct)).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal("GroupAdministration", report.GetProperty("fileType").GetString());
        Assert.Equal(0, report.GetProperty("dataSourcesAdded").GetInt32() + report.GetProperty("rulesCreated").GetInt32());
        Assert.True(report.GetProperty("mapped").GetArrayLength() > 0);
    }

    // QA pass 7: an ICS or Mobile file went into the one registry and inventory, measured on Enterprise, without a word.
    [Theory]
    [InlineData("groups-ics.yaml", "ics-attack")]
    [InlineData("groups-mobile.yaml", "mobile-attack")]
    public async Task Dettect_FileOfAnotherDomain_ReportedWithANoticeNamingTheFile(string file, string domain)
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        var content = await File.ReadAllTextAsync(Tessera.Tests.Shared.SharedData.Combine("dettect", "sample-data", file), Ct);

        var report = await (await engineer.PostAsJsonAsync("api/v1/coverage/dettect", new { fileName = file, content }, Ct)).ExpectJsonAsync(HttpStatusCode.OK);

        var notes = report.GetProperty("notes").EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.StartsWith($"{file}: the file's domain is {domain}, not enterprise-attack", notes[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dettect_EnterpriseFile_NoDomainNotice()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        var content = await File.ReadAllTextAsync(Tessera.Tests.Shared.SharedData.Combine("dettect", "sample-data", "groups.yaml"), Ct);

        var report = await (await engineer.PostAsJsonAsync("api/v1/coverage/dettect", new { fileName = "groups.yaml", content }, Ct)).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.DoesNotContain(report.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("the file's domain", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dettect_SetPriority_ReplacesThePriorityListAndAuditsWhatItReplaced()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        var before = await engineer.GetFromJsonAsync<JsonElement>("api/v1/coverage/settings", Ct);
        var content = await File.ReadAllTextAsync(Tessera.Tests.Shared.SharedData.Combine("dettect", "sample-data", "groups.yaml"), Ct);

        var report = await (await engineer.PostAsJsonAsync("api/v1/coverage/dettect", new { fileName = "groups.yaml", content, setPriority = true }, Ct)).ExpectJsonAsync(HttpStatusCode.OK);

        var priority = report.GetProperty("priorityTechniques").GetInt32();
        Assert.True(priority > 0);
        var after = await engineer.GetFromJsonAsync<JsonElement>("api/v1/coverage/settings", Ct);
        Assert.Equal(priority, after.GetProperty("priorityList").GetArrayLength());
        using var admin = await server.AdminAsync();
        var audit = await admin.GetFromJsonAsync<JsonElement>("api/v1/audit?action=coverage.settings", Ct);
        var entry = audit.GetProperty("items").EnumerateArray().First().GetProperty("event");
        Assert.Equal(before.GetProperty("priorityList").GetArrayLength(),
            JsonDocument.Parse(entry.GetProperty("beforeJson").GetString()!).RootElement.GetProperty("priorityList").GetArrayLength());
        Assert.Equal(priority, JsonDocument.Parse(entry.GetProperty("afterJson").GetString()!).RootElement.GetProperty("priorityList").GetArrayLength());

        // Put the settings back: the other tests of this class share the server.
        await engineer.PutAsJsonAsync("api/v1/coverage/settings", before, Ct);
    }

    [Fact]
    public async Task Settings_OutOfRange_ProblemAndUnchanged_ViewerForbidden()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        using var viewer = await server.ClientWithRoleAsync("Viewer");
        var before = await engineer.GetFromJsonAsync<JsonElement>("api/v1/coverage/settings", Ct);

        var problem = await (await engineer.PutAsJsonAsync("api/v1/coverage/settings", new { defaultCadenceDays = 0, priorityList = new[] { "bogus" } }, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);
        var denied = await viewer.PutAsJsonAsync("api/v1/coverage/settings", new { defaultCadenceDays = 30 }, Ct);

        var messages = problem.GetProperty("errors").GetProperty("settings").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains(messages, m => m!.Contains("cadences"));
        Assert.Contains(messages, m => m!.Contains("'bogus'"));
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal(before.GetProperty("defaultCadenceDays").GetInt32(),
            (await engineer.GetFromJsonAsync<JsonElement>("api/v1/coverage/settings", Ct)).GetProperty("defaultCadenceDays").GetInt32());
    }

    // A 30,000-entry list passed validation and failed in the store (values are capped at 64 KB): a 500.
    [Theory]
    [InlineData(30_000, 0, "priorityList has 30000 entries")]
    [InlineData(0, 600, "ownerCadenceDays takes at most 500 owners")]
    [InlineData(1_900, 400, "characters as JSON; at most 65536")]
    public async Task Settings_TooBigToStore_400NamingTheFieldAndUnchanged(int priorityIds, int owners, string message)
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        var before = await engineer.GetStringAsync("api/v1/coverage/settings", Ct);
        var ownerCadenceDays = Enumerable.Range(0, owners).ToDictionary(i => $"owner-{i}-" + new string('o', 150), _ => 30);

        var problem = await (await engineer.PutAsJsonAsync("api/v1/coverage/settings",
            new { priorityList = Enumerable.Repeat("T1059.001", priorityIds), ownerCadenceDays }, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        Assert.Contains(problem.GetProperty("errors").GetProperty("settings").EnumerateArray(), e => e.GetString()!.Contains(message));
        Assert.Equal(before, await engineer.GetStringAsync("api/v1/coverage/settings", Ct));
    }

    [Fact]
    public async Task Settings_StoredValueUnreadableOrHandEdited_PagesKeepWorkingOnDefaults()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        var store = server.App.Services.GetRequiredService<ISettingsStore>();
        var kept = await store.GetAsync(CoverageSettings.Key, Ct);
        try
        {
            var answers = new List<(HttpStatusCode Coverage, int Default, int Priority)>();
            foreach (var stored in new[]
            {
                "{\"defaultCadenceDays\": \"half a year\"", // not JSON
                "{\"defaultCadenceDays\": -5}", // out of range
                "{\"defaultCadenceDays\": 30, \"ownerCadenceDays\": null, \"priorityList\": null}", // nulls read as empty
            })
            {
                await store.SetAsync(CoverageSettings.Key, stored, Ct);
                var coverage = await engineer.GetAsync("api/v1/coverage", Ct);
                var settings = await engineer.GetFromJsonAsync<JsonElement>("api/v1/coverage/settings", Ct);
                answers.Add((coverage.StatusCode, settings.GetProperty("defaultCadenceDays").GetInt32(), settings.GetProperty("priorityCadenceDays").GetInt32()));
            }

            var put = await engineer.PutAsJsonAsync("api/v1/coverage/settings", new { defaultCadenceDays = 60, ownerCadenceDays = (object?)null, priorityList = (object?)null }, Ct);

            Assert.Equal([(HttpStatusCode.OK, 180, 90), (HttpStatusCode.OK, 180, 90), (HttpStatusCode.OK, 30, 90)], answers);
            var saved = await (put).ExpectJsonAsync(HttpStatusCode.OK);
            Assert.Equal((60, 0), (saved.GetProperty("defaultCadenceDays").GetInt32(), saved.GetProperty("priorityList").GetArrayLength()));
        }
        finally
        {
            if (kept is null)
            {
                await store.RemoveAsync(CoverageSettings.Key, Ct);
            }
            else
            {
                await store.SetAsync(CoverageSettings.Key, kept, Ct);
            }
        }
    }
}
