using Microsoft.AspNetCore.Routing;

namespace Tessera.Server.Api.Coverage;

/// <summary>Detection coverage endpoints: rules, validations, data sources and coverage reports.</summary>
public static class CoverageApi
{
    public static IEndpointRouteBuilder MapCoverageEndpoints(this IEndpointRouteBuilder app)
    {
        RuleEndpoints.Map(app);
        ValidationEndpoints.Map(app);
        DataSourceEndpoints.Map(app);
        CoverageReportEndpoints.Map(app);
        RegressionEndpoints.Map(app);
        Backlog.BacklogEndpoints.Map(app);
        return app;
    }
}
