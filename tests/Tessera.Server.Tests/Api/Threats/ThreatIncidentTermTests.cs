using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Attack;
using Tessera.Server.Api.Threats;
using Tessera.Server.Knowledge;
using Tessera.Server.Tests.Api.Incidents;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Api.Threats;

/// <summary>The priority score's incident term counts real incidents per technique.</summary>
public sealed class ThreatIncidentTermTests(TesseraServerFixture server) : IClassFixture<TesseraServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Analyse_TwoIncidentsWithTechnique_IncidentTermCountsThem()
    {
        await IncidentApiKit.ActivateAsync(server);
        using var analyst = await server.ClientWithRoleAsync("Analyst");
        foreach (var title in new[] { "Shadow copies deleted on FS-01", "Shadow copies deleted on FS-02" })
        {
            var incident = await IncidentApiKit.CreateAsync(analyst, title);
            (await IncidentApiKit.AssociateAsync(analyst, incident.Id(), incident.Version(),
                IncidentApiKit.Pick(IncidentApiKit.Enterprise, "impact", "T1490"))).EnsureSuccessStatusCode();
        }

        var attack = server.App.Services.GetRequiredService<KnowledgeBaseHost>().Find(IncidentApiKit.Enterprise)!;
        var threats = server.App.Services.GetRequiredService<ThreatService>();

        var (analysis, errors) = await threats.AnalyseAsync(attack, new ThreatSelection { Groups = ["G0016"] }, Ct);

        Assert.Empty(errors);
        var row = analysis!.Dimensions[TechniqueId.Parse("T1490")];
        Assert.Equal(2, row.IncidentCount);
        var term = row.Priority.Terms.Single(t => t.Name == "incidents");
        Assert.Equal(2, term.Input);
        Assert.True(term.Value > 0);
        Assert.Equal(0, analysis.Dimensions[TechniqueId.Parse("T1486")].IncidentCount);
    }
}
