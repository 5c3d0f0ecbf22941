using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Attack;
using Tessera.Server.Api.Exposures;
using Tessera.Server.Tests.Infrastructure;
using static Tessera.Server.Tests.Api.Exposures.ExposureApi;

namespace Tessera.Server.Tests.Api.Exposures;

/// <summary>Risk acceptances end on a day: the API takes and shows it, and an expired one counts as open everywhere.</summary>
public sealed class ExposureAcceptanceExpiryApiTests(TesseraServerFixture server) : IClassFixture<TesseraServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // MOVEit is a real KEV CVE the CTID mappings link to T1190; the misconfiguration maps T1556.006, which only this class uses.
    private static Task<JsonElement> ImportAsync(HttpClient client, string tag) => ExposureApi.ImportAsync(client, $"""
        id,cve,asset,severity,title,techniques
        E-1,CVE-2023-34362,mft-{tag},critical,MOVEit Transfer SQL injection,
        E-2,,idp-{tag},high,MFA bypass rule left enabled,T1556.006
        """);

    private static Task<HttpResponseMessage> SetAsync(HttpClient client, string id, string status, string? reason, string? acceptedUntil) =>
        client.PostAsJsonAsync($"api/v1/exposures/{id}/status", new { status, reason, acceptedUntil }, Ct);

    [Fact]
    public async Task SetStatus_AcceptedWithUntil_ViewAndAuditCarryTheDay()
    {
        var tag = Tag();
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        await ImportAsync(analyst, tag);
        var id = await IdAsync(analyst, "mft-" + tag);
        var until = PastAcceptance.Iso(90);

        var response = await SetAsync(analyst, id, "accepted", "isolated; replaced next quarter (RISK-12)", until);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(("accepted", until, false),
            (view.GetProperty("status").GetString(), view.GetProperty("acceptedUntil").GetString(), view.GetProperty("acceptanceExpired").GetBoolean()));
        Assert.Equal(id, (await ListAsync(analyst, $"asset={tag}&status=accepted")).Single().GetProperty("id").GetString());
        Assert.DoesNotContain(id, await QueueIdsAsync(analyst));
        using var admin = await server.AdminAsync();
        var audit = await admin.GetFromJsonAsync<JsonElement>($"api/v1/audit?action=exposure.status&entityId={id}", Ct);
        var entry = Assert.Single(audit.GetProperty("items").EnumerateArray()).GetProperty("event");
        Assert.Contains("\"acceptedUntil\":null", entry.GetProperty("beforeJson").GetString());
        Assert.Contains($"\"acceptedUntil\":\"{until}\"", entry.GetProperty("afterJson").GetString());
    }

    [Fact]
    public async Task SetStatus_BadUntil_Returns400NamingAcceptedUntilAndStaysOpen()
    {
        var tag = Tag();
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        await ImportAsync(analyst, tag);
        var id = await IdAsync(analyst, "mft-" + tag);

        var responses = new[]
        {
            await SetAsync(analyst, id, "accepted", "isolated", null),
            await SetAsync(analyst, id, "accepted", "isolated", "next quarter"),
            await SetAsync(analyst, id, "accepted", "isolated", PastAcceptance.Iso(0)), // today: it would expire at once
            await SetAsync(analyst, id, "accepted", "isolated", PastAcceptance.Iso(366)),
            await SetAsync(analyst, id, "resolved", "patched", PastAcceptance.Iso(30)),
        };

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        var details = new List<string?>();
        foreach (var response in responses)
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.Equal("acceptedUntil", problem.GetProperty("errors").EnumerateObject().Single().Name);
            details.Add(problem.GetProperty("detail").GetString());
        }

        Assert.All(details, d => Assert.False(string.IsNullOrWhiteSpace(d)));
        // The malformed day gets the same words the CLI prints for --until.
        Assert.Equal("acceptedUntil: 'next quarter' is not a day (YYYY-MM-DD).", details[1]);
        Assert.Equal("open", (await ListAsync(analyst, "asset=mft-" + tag)).Single().GetProperty("status").GetString());
    }

    [Fact]
    public async Task ExpiredAcceptance_CountsAsOpenInFiltersQueuesGapsAndThreatCounts()
    {
        var tag = Tag();
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        await ImportAsync(analyst, tag);
        var id = await IdAsync(analyst, "idp-" + tag);
        var exposures = server.App.Services.GetRequiredService<ExposureService>();
        var t1556 = TechniqueId.Parse("T1556.006");
        var countBefore = (await exposures.CountsByTechniqueAsync(Ct)).GetValueOrDefault(t1556);

        // Accepted 100 days ago for 90 days: expired ten days ago.
        var until = await PastAcceptance.AcceptAsync(server.App.Services, Guid.Parse(id), "rule needed for the migration (RISK-3)", 100, 90);

        var view = (await ListAsync(analyst, $"asset={tag}&status=open")).Single(e => e.GetProperty("id").GetString() == id);
        Assert.Equal(("open", true, until.ToString("yyyy-MM-dd"), "rule needed for the migration (RISK-3)"),
            (view.GetProperty("status").GetString(), view.GetProperty("acceptanceExpired").GetBoolean(),
                view.GetProperty("acceptedUntil").GetString(), view.GetProperty("statusReason").GetString()));
        Assert.Empty(await ListAsync(analyst, $"asset={tag}&status=accepted"));
        Assert.Contains(id, await QueueIdsAsync(analyst));
        var gap = (await analyst.GetFromJsonAsync<JsonElement>("api/v1/exposures/gaps?limit=500", Ct)).GetProperty("items").EnumerateArray()
            .Single(g => g.GetProperty("id").GetString() == "T1556.006");
        Assert.Contains(id, gap.GetProperty("exposures").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        Assert.Equal(countBefore, (await exposures.CountsByTechniqueAsync(Ct)).GetValueOrDefault(t1556));
    }

    [Fact]
    public async Task Import_ExpiredAcceptanceSeenAgain_ReportedReopenedAndReasonNamesTheEndDay()
    {
        var tag = Tag();
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        await ImportAsync(analyst, tag);
        var expired = await IdAsync(analyst, "mft-" + tag);
        var current = await IdAsync(analyst, "idp-" + tag);
        var until = await PastAcceptance.AcceptAsync(server.App.Services, Guid.Parse(expired), "isolated", 40, 30);
        (await SetAsync(analyst, current, "accepted", "rule needed for the migration", PastAcceptance.Iso(30))).EnsureSuccessStatusCode();

        var first = await ImportAsync(analyst, tag);
        var second = await ImportAsync(analyst, tag);

        Assert.Equal((1, 1), (first.GetProperty("reopened").GetInt32(), first.GetProperty("unchanged").GetInt32()));
        Assert.Equal((0, 2), (second.GetProperty("reopened").GetInt32(), second.GetProperty("unchanged").GetInt32()));
        var rows = (await ListAsync(analyst, "asset=" + tag)).ToDictionary(e => e.GetProperty("id").GetString()!);
        Assert.Equal(("open", false, $"acceptance expired on {until:yyyy-MM-dd}; seen again in import week.csv"),
            (rows[expired].GetProperty("status").GetString(), rows[expired].GetProperty("acceptanceExpired").GetBoolean(),
                rows[expired].GetProperty("statusReason").GetString()));
        Assert.Equal("accepted", rows[current].GetProperty("status").GetString());
    }
}
