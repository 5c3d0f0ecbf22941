using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Api;

/// <summary>
/// Request bodies the handlers never see because the JSON layer refuses them (Hosting/ApiJson): each is a 400 whose
/// detail says what and where. Found by probing every write endpoint with nulls: each of these used to be a 500.
/// </summary>
public sealed class RequestBodyTests(TesseraServerFixture server) : IClassFixture<TesseraServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    [Theory]
    [InlineData("api/v1/validations", """{"runs": [null]}""", "'runs' holds null at element 0")]
    [InlineData("api/v1/rules/import/sigma", """{"files": [null]}""", "'files' holds null at element 0")]
    [InlineData("api/v1/incidents/associations/bulk", """{"items": [{"incidentId": 1, "expectedVersion": 1, "associations": [null]}]}""", "$.items[0]")]
    [InlineData("api/v1/threats/target-set", """{"mode": "groups", "groups": ["G0016", null]}""", "'groups' holds null at element 1")]
    [InlineData("api/v1/data-sources", """{"name": "EDR", "platform": "Windows", "logSources": [null]}""", "'logSources' holds null at element 0")]
    public async Task Post_NullInAList_BadRequestNamingThePath(string path, string json, string where)
    {
        using var admin = await server.AdminAsync();

        var problem = await (await admin.PostAsync(path, Body(json), Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        var detail = problem.GetProperty("detail").GetString();
        Assert.Contains("a list holds values, never null", detail);
        Assert.Contains(where, detail);
    }

    // The framework's binding messages named C# types ("Failed to bind parameter "Nullable<DateTimeOffset> from" from
    // "yesterday"") or told the caller to "use a Service instead"; they now say what the parameter takes.
    [Theory]
    [InlineData("api/v1/incidents?from=yesterday", "Parameter 'from' cannot be 'yesterday': it takes a date such as 2026-01-31")]
    [InlineData("api/v1/incidents?take=ten", "Parameter 'take' cannot be 'ten': it takes a whole number.")]
    public async Task Get_QueryValueOfTheWrongForm_BadRequestSayingWhatItTakes(string path, string detail)
    {
        using var admin = await server.AdminAsync();

        var problem = await (await admin.GetAsync(path, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        var text = problem.GetProperty("detail").GetString()!;
        Assert.StartsWith(detail, text);
        Assert.DoesNotContain("Nullable", text);
        Assert.DoesNotContain("Int32", text);
    }

    [Theory]
    [InlineData("api/v1/incidents")]
    [InlineData("api/v1/users")]
    public async Task Post_NoBody_BadRequestSayingABodyIsNeeded(string path)
    {
        using var admin = await server.AdminAsync();

        var problem = await (await admin.PostAsync(path, new StringContent("", Encoding.UTF8, "application/json"), Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        Assert.Equal("This request needs a JSON body; none was sent.", problem.GetProperty("detail").GetString());
    }

    // Enums travel as names: a number, a numeric string or comma-joined names ("Medium, High" read as Medium | High,
    // which is Critical) used to be stored as they came, and pages then showed "77".
    [Theory]
    [InlineData("api/v1/incidents", """{"title": "enum probe", "severity": 77, "state": "New"}""", "$.severity", "Low, Medium, High, Critical")]
    [InlineData("api/v1/incidents", """{"title": "enum probe", "severity": "Low", "state": 9}""", "$.state", "New, InProgress, Contained, Closed")]
    [InlineData("api/v1/incidents", """{"title": "enum probe", "severity": "77", "state": "New"}""", "$.severity", "Low, Medium")]
    [InlineData("api/v1/incidents", """{"title": "enum probe", "severity": "Medium, High", "state": "New"}""", "$.severity", "Low, Medium")]
    [InlineData("api/v1/users", """{"userName": "enum-probe", "password": "a-long-password-123", "role": 99}""", "$.role", "Viewer, Analyst, DetectionEngineer, Admin")]
    [InlineData("api/v1/users", """{"userName": "enum-probe", "password": "a-long-password-123", "role": "Analyst, DetectionEngineer"}""", "$.role", "Viewer, Analyst")]
    [InlineData("api/v1/api-keys", """{"name": "enum-probe", "role": 42}""", "$.role", "Viewer, Analyst")]
    [InlineData("api/v1/incidents/1/observables", """{"kind": 55, "value": "10.0.0.1"}""", "$.kind", "Ip, Domain")]
    [InlineData("api/v1/validations", """{"runs": [{"test": "t", "technique": "T1059", "executedAt": "2026-01-01T00:00:00Z", "outcome": 7}]}""", "$.runs[0].outcome", "Detected, NotDetected")]
    public async Task Post_EnumNotAName_BadRequestNamingTheFieldAndTheNames(string path, string json, string field, string names)
    {
        using var admin = await server.AdminAsync();

        var problem = await (await admin.PostAsync(path, Body(json), Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        var detail = problem.GetProperty("detail").GetString();
        Assert.Contains($"at {field} ", detail);
        Assert.Contains("expected one of " + names, detail);
    }

    // Unknown fields were skipped and of a field sent twice the last won, unseen: a misspelt "sevrity" made a Medium
    // incident, and a misspelt settings field silently put that setting back to its default.
    [Theory]
    [InlineData("api/v1/incidents", """{"title": "unknown field probe", "sevrity": "High"}""", "The body is not valid for this request at $.sevrity (line 1, column 44): 'sevrity' is not a field of this object (check its spelling)")]
    [InlineData("api/v1/incidents", """{"title": "duplicate field probe", "Title": "second"}""", "The body is not valid for this request at $.Title (line 1, column 44): 'title' is given more than once (names are matched in any case); give each field once")]
    [InlineData("api/v1/rules", """{"source": "Splunk", "externalId": "x", "title": "t", "queryText": "q", "tecniques": ["T1059"]}""", "The body is not valid for this request at $.tecniques (line 1, column 85): 'tecniques' is not a field of this object (check its spelling)")]
    public async Task Post_UnknownOrRepeatedField_BadRequestNamingItAndNothingCreated(string path, string json, string detail)
    {
        using var admin = await server.AdminAsync();
        var before = await admin.GetStringAsync(path, Ct);

        var problem = await (await admin.PostAsync(path, Body(json), Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        Assert.Equal(detail, problem.GetProperty("detail").GetString());
        Assert.DoesNotMatch(@"Tessera\.|System\.|\.NET", problem.GetProperty("detail").GetString()!);
        Assert.Equal(before, await admin.GetStringAsync(path, Ct));
    }

    [Fact]
    public async Task PutSettings_MisspeltField_BadRequestAndTheSettingsStayAsTheyWere()
    {
        using var admin = await server.AdminAsync();
        (await admin.PutAsync("api/v1/coverage/settings", Body("""{"defaultCadenceDays": 120, "priorityCadenceDays": 30}"""), Ct)).EnsureSuccessStatusCode();
        var audited = await AuditCountAsync(admin, "coverage.settings");

        var problem = await (await admin.PutAsync("api/v1/coverage/settings", Body("""{"defaultCadenceDays": 120, "priorityCadenceDay": 60}"""), Ct))
            .ExpectJsonAsync(HttpStatusCode.BadRequest);
        var resent = await (await admin.PutAsync("api/v1/coverage/settings", Body("""{"defaultCadenceDays": 120, "priorityCadenceDays": 30}"""), Ct))
            .ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Contains("'priorityCadenceDay' is not a field of this object", problem.GetProperty("detail").GetString());
        var stored = await admin.GetFromJsonAsync<JsonElement>("api/v1/coverage/settings", Ct);
        Assert.Equal((120, 30), (stored.GetProperty("defaultCadenceDays").GetInt32(), stored.GetProperty("priorityCadenceDays").GetInt32()));
        Assert.Equal(30, resent.GetProperty("priorityCadenceDays").GetInt32());
        // Sending back what is stored changes nothing, so it leaves no audit entry.
        Assert.Equal(audited, await AuditCountAsync(admin, "coverage.settings"));
    }

    private static async Task<int> AuditCountAsync(HttpClient admin, string action) =>
        (await admin.GetFromJsonAsync<JsonElement>($"api/v1/audit?action={action}&take=500", Ct)).GetProperty("items").GetArrayLength();

    [Fact]
    public async Task PostIncident_EnumNamesInAnyCase_Created()
    {
        using var admin = await server.AdminAsync();

        var created = await (await admin.PostAsync("api/v1/incidents", Body("""{"title": "enum names", "severity": "critical", "state": "inProgress"}"""), Ct))
            .ExpectJsonAsync(HttpStatusCode.Created);

        Assert.Equal(("Critical", "InProgress"), (created.GetProperty("severity").GetString(), created.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task PostRule_NullListsCountAsNotSent_Created()
    {
        using var admin = await server.AdminAsync();

        var response = await admin.PostAsync("api/v1/rules", Body("""
            {"source": "Splunk", "externalId": "null-lists", "title": "Rule with null lists", "queryText": "index=main",
             "techniques": null, "tactics": null, "dataSources": null}
            """), Ct);

        var rule = await response.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Empty(rule.GetProperty("techniques").EnumerateArray());
    }

    [Fact]
    public async Task PostRule_WrongTypeAndCutOffJson_BadRequestSayingWhere()
    {
        using var admin = await server.AdminAsync();

        var wrongType = await (await admin.PostAsync("api/v1/rules", Body("""{"source": "Splunk", "title": 5}"""), Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);
        var cutOff = await (await admin.PostAsync("api/v1/rules", Body("""{"source": "Splunk", "title": "x" """), Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        Assert.Contains("$.title", wrongType.GetProperty("detail").GetString());
        Assert.StartsWith("The body is not valid for this request", cutOff.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // Positions are 1-based and in the sender's terms: no .NET type name, no serializer's 0-based LineNumber.
        Assert.All(new[] { wrongType, cutOff }, p => Assert.DoesNotMatch(@"Tessera\.|System\.|LineNumber", p.GetProperty("detail").GetString()!));
        Assert.Contains("(line 1, column ", wrongType.GetProperty("detail").GetString());
    }

    // Answers the framework writes by itself used to be problems with a title and no detail.
    [Fact]
    public async Task FrameworkProblems_EachCarriesADetailSayingWhatToDo()
    {
        using var anonymous = server.Anonymous();
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        using var admin = await server.AdminAsync();

        var unauthenticated = await (await anonymous.GetAsync("api/v1/rules", Ct)).ExpectJsonAsync(HttpStatusCode.Unauthorized);
        var forbidden = await (await analyst.PostAsync("api/v1/attack/migrations", Body("{}"), Ct)).ExpectJsonAsync(HttpStatusCode.Forbidden);
        var unknown = await (await admin.GetAsync("api/v1/nope", Ct)).ExpectJsonAsync(HttpStatusCode.NotFound);
        var method = await (await admin.DeleteAsync("api/v1/rules", Ct)).ExpectJsonAsync(HttpStatusCode.MethodNotAllowed);
        var mediaType = await (await admin.PostAsync("api/v1/rules", new StringContent("{}", Encoding.UTF8, "text/plain"), Ct)).ExpectJsonAsync(HttpStatusCode.UnsupportedMediaType);

        Assert.Contains("Authorization: Bearer tsk_", unauthenticated.GetProperty("detail").GetString());
        Assert.Equal("Your role lacks the ManageAttackSources permission this operation requires.", forbidden.GetProperty("detail").GetString());
        Assert.StartsWith("No API operation or page at /api/v1/nope", unknown.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("/api/v1/rules does not take DELETE", method.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("application/json", mediaType.GetProperty("detail").GetString());
    }

    // Kestrel answers an oversized body and closes the connection while the client is still sending, so over HTTP
    // this is a race; the detail itself is checked on the problem the framework hands over.
    [Fact]
    public void FillDetail_BodyTooLarge_SaysTheLimit()
    {
        var context = new ProblemDetailsContext
        {
            HttpContext = new DefaultHttpContext(), ProblemDetails = { Status = StatusCodes.Status413PayloadTooLarge, Title = "Content Too Large" },
        };

        Tessera.Server.Api.Problems.FillDetail(context);

        Assert.Equal("The request body is larger than 32 MB, the most this server reads.", context.ProblemDetails.Detail);
    }
}
