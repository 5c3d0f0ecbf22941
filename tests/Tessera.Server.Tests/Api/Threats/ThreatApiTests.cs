using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Api.Threats;

/// <summary>Threat-targeted coverage against Enterprise 18.1 with a Viewer API key.</summary>
public sealed class ThreatApiTests(TesseraServerFixture server) : IClassFixture<TesseraServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Groups_Enterprise_GroupsAndCampaignsWithTags()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var view = await (await viewer.GetAsync("api/v1/threats/groups", Ct)).ExpectJsonAsync(HttpStatusCode.OK);

        var profiles = view.GetProperty("profiles").EnumerateArray().ToList();
        var apt29 = profiles.Single(p => p.GetProperty("id").GetString() == "G0016");
        Assert.Equal(("APT29", "Group"), (apt29.GetProperty("name").GetString(), apt29.GetProperty("kind").GetString()));
        Assert.Contains("Cozy Bear", apt29.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        Assert.Contains(profiles, p => p.GetProperty("kind").GetString() == "Campaign");
        Assert.Contains("government", view.GetProperty("sectors").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task TargetSet_Apt29WithRuleOnOneTechnique_CoverageAndGaps()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        await (await engineer.PostAsJsonAsync("api/v1/rules", new
        {
            source = "Splunk", externalId = "threat-wmi", title = "WMI event subscription", queryText = "index=sysmon EventCode=20",
            techniques = new[] { "T1546.003" }, tactics = new[] { "persistence" }, dataSources = new[] { "Sysmon" }, owner = "soc",
        }, Ct)).ExpectJsonAsync(HttpStatusCode.Created);

        var view = await (await engineer.PostAsJsonAsync("api/v1/threats/target-set", new { mode = "actor", groups = new[] { "G0016" } }, Ct)).ExpectJsonAsync(HttpStatusCode.OK);

        var techniques = view.GetProperty("techniques").EnumerateArray().ToList();
        Assert.True(techniques.Count > 20);
        Assert.Equal(1.0, techniques[0].GetProperty("relevance").GetDouble());
        var actor = Assert.Single(view.GetProperty("actors").EnumerateArray());
        var gaps = actor.GetProperty("gaps").EnumerateArray().ToDictionary(g => g.GetProperty("id").GetString()!, g => (g.GetProperty("coverage").GetString(), g.GetProperty("coverageState").GetString()));
        Assert.Equal(("None", "gap"), gaps["T1053.005"]);
        // The rule's Sysmon data is in no inventory: the technique is only partly covered, so still a gap.
        Assert.Equal(("Partial", "nodata"), gaps["T1546.003"]);
        Assert.StartsWith("priority = ", view.GetProperty("priorityFormula").GetString());
        Assert.StartsWith("weight(t) = ", view.GetProperty("weightFormula").GetString());
    }

    // A million copies of one group were accepted whole. A group named twice counts once (the builder merged repeats
    // already; the service now drops them before it).
    [Fact]
    public async Task TargetSet_GroupNamedTwice_SameAnswerAsOnce_TooManyEntries400()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var once = await (await viewer.PostAsJsonAsync("api/v1/threats/target-set", new { mode = "actor", groups = new[] { "G0016", "G0007" } }, Ct)).ExpectJsonAsync(HttpStatusCode.OK);
        var twice = await (await viewer.PostAsJsonAsync("api/v1/threats/target-set", new { mode = "actor", groups = new[] { "G0016", "G0007", "g0016" } }, Ct)).ExpectJsonAsync(HttpStatusCode.OK);
        var tooMany = await (await viewer.PostAsJsonAsync("api/v1/threats/target-set", new { mode = "actor", groups = Enumerable.Repeat("G0016", 1001) }, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        // Weights decay with the age of each use, so two requests a moment apart differ in the eighth decimal.
        static List<(string?, double)> Weights(JsonElement view) => view.GetProperty("techniques").EnumerateArray()
            .Select(t => (t.GetProperty("id").GetString(), Math.Round(t.GetProperty("weight").GetDouble(), 5))).ToList();
        Assert.Equal(Weights(once), Weights(twice));
        Assert.Equal(2, twice.GetProperty("actors").GetArrayLength());
        Assert.Equal("groups names 1001 entries; at most 1000", tooMany.GetProperty("errors").GetProperty("groups")[0].GetString());
    }

    [Fact]
    public async Task TargetSet_SectorMode_MatchesTaggedProfiles()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var profiles = await (await viewer.GetAsync("api/v1/threats/groups", Ct)).ExpectJsonAsync(HttpStatusCode.OK);

        var view = await (await viewer.PostAsJsonAsync("api/v1/threats/target-set", new { mode = "sector", sectors = new[] { "financial" } }, Ct)).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Sector", view.GetProperty("mode").GetString());
        var tagged = profiles.GetProperty("profiles").EnumerateArray()
            .Where(p => p.GetProperty("sectors").EnumerateArray().Any(s => s.GetString() == "financial")).Select(p => p.GetProperty("id").GetString()).Order().ToList();
        Assert.NotEmpty(tagged);
        Assert.Equal(tagged, view.GetProperty("actors").EnumerateArray().Select(a => a.GetProperty("id").GetString()).Order());
    }

    [Fact]
    public async Task TargetSet_CustomIdListWithV19Id_KeptAndFlagged()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var view = await (await viewer.PostAsJsonAsync("api/v1/threats/target-set", new { customName = "red team", customIds = "T1059.001, T1685\n# comment\nT1003" }, Ct)).ExpectJsonAsync(HttpStatusCode.OK);

        var ids = view.GetProperty("techniques").EnumerateArray().ToDictionary(t => t.GetProperty("id").GetString()!, t => t.GetProperty("knownInRelease").GetBoolean());
        Assert.Equal(3, ids.Count);
        Assert.False(ids["T1685"]);
        Assert.True(ids["T1003"]);
    }

    [Fact]
    public async Task TargetSet_NavigatorLayer_ProfileFromScoredTechniques()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");
        var layer = new
        {
            name = "Our adversary", domain = "enterprise-attack", versions = new { layer = "4.5", navigator = "5.1.0", attack = "18" },
            techniques = new object[] { new { techniqueID = "T1566.001", score = 1 }, new { techniqueID = "T1204.002", score = 0 } },
        };

        var view = await (await viewer.PostAsJsonAsync("api/v1/threats/target-set", new { layer }, Ct)).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(["T1566.001"], view.GetProperty("techniques").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
    }

    // A misspelt sector ("finance" for "financial") was a 200 with no techniques and no actors, read as "no actor
    // targets us"; unknown regions too, in sector and hybrid mode.
    [Theory]
    [InlineData("{\"mode\":\"sector\",\"sectors\":[\"finance\"]}", "sectors", "'finance' is not a sector tag of enterprise-attack@18.1")]
    [InlineData("{\"mode\":\"sector\",\"sectors\":[\"financial\"],\"regions\":[\"atlantis\"]}", "regions", "'atlantis' is not a region tag of enterprise-attack@18.1")]
    [InlineData("{\"mode\":\"hybrid\",\"groups\":[\"G0016\"],\"sectors\":[\"nonexistent\"]}", "sectors", "'nonexistent' is not a sector tag of enterprise-attack@18.1")]
    public async Task TargetSet_UnknownSectorOrRegion_BadRequestListingTheTagsInUse(string body, string field, string message)
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");
        var tags = await (await viewer.GetAsync("api/v1/threats/groups", Ct)).ExpectJsonAsync(HttpStatusCode.OK);

        var problem = await (await viewer.PostAsync("api/v1/threats/target-set", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(message, errors[0]);
        var known = string.Join(", ", tags.GetProperty(field).EnumerateArray().Select(t => t.GetString()));
        Assert.Equal($"the {field} of enterprise-attack@18.1 (GET /api/v1/threats/groups lists them): {known}", errors[1]);
        Assert.Contains(message, problem.GetProperty("detail").GetString());
    }

    // A layer of the mobile domain was measured as an Enterprise profile without a word.
    [Fact]
    public async Task TargetSet_LayerOfAnotherDomain_MeasuredWithNotice()
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");
        var layer = new
        {
            name = "Mobile adversary", domain = "mobile-attack", versions = new { layer = "4.5", navigator = "5.1.0", attack = "18" },
            techniques = new object[] { new { techniqueID = "T1566.001", score = 1 } },
        };
        var enterprise = layer with { domain = "enterprise-attack" };

        var mobile = await (await viewer.PostAsJsonAsync("api/v1/threats/target-set", new { layer }, Ct)).ExpectJsonAsync(HttpStatusCode.OK);
        var same = await (await viewer.PostAsJsonAsync("api/v1/threats/target-set", new { layer = enterprise }, Ct)).ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(
            "the layer's domain is 'mobile-attack', not 'enterprise-attack' of enterprise-attack@18.1: its technique IDs were read as enterprise-attack techniques",
            Assert.Single(mobile.GetProperty("notices").EnumerateArray()).GetString());
        Assert.Equal(0, same.GetProperty("notices").GetArrayLength());
    }

    [Theory]
    [InlineData("{\"groups\":[\"G9999\"]}", "groups")] // unknown group ID
    [InlineData("{\"customIds\":\"T1059 TA0002\"}", "customIds")] // a tactic ID in the custom list
    [InlineData("{\"mode\":\"sector\"}", "selection")] // sector mode without tags
    [InlineData("{\"mode\":\"everyone\",\"groups\":[\"G0016\"]}", "mode")]
    [InlineData("{}", "selection")] // nothing picked
    public async Task TargetSet_BadSelection_ProblemWithFieldErrors(string body, string field)
    {
        using var viewer = await server.ClientWithRoleAsync("Viewer");

        var problem = await (await viewer.PostAsync("api/v1/threats/target-set", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }
}
