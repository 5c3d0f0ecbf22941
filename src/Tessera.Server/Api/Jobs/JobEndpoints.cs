using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tessera.Core.Jobs;
using Tessera.Core.Security;
using Tessera.Server.Jobs;
using Tessera.Server.Security;

namespace Tessera.Server.Api.Jobs;

/// <summary>Background jobs (admin): what is registered, when each last ran on which instance, and recent runs.</summary>
public static class JobEndpoints
{
    public static IEndpointRouteBuilder MapJobEndpoints(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/api/v1/jobs").WithTags("Jobs").Require(Permission.ManageSettings);
        jobs.MapGet("/", ListAsync).WithSummary("List background jobs and their last runs");
        jobs.MapGet("/{name}/runs", RunsAsync).WithSummary("Runs of one background job");
        return app;
    }

    public sealed record JobRunView(Guid Id, string Instance, DateTimeOffset StartedAt, double DurationMs, JobOutcome Outcome, string? Summary, string? Error)
    {
        public static JobRunView Of(JobRun r) => new(r.Id, r.Instance, r.StartedAt, r.Duration.TotalMilliseconds, r.Outcome, r.Summary, r.Error);
    }

    public sealed record JobView(string Name, double IntervalSeconds, JobRunView? LastRun);

    /// <summary>Every registered job with its last run on any instance; <c>instance</c> names the answering instance.</summary>
    public sealed record JobsView(string Instance, IReadOnlyList<JobView> Jobs);

    private static async Task<Ok<JobsView>> ListAsync(JobHost host, IJobRunLog log, CancellationToken ct)
    {
        var views = new List<JobView>();
        foreach (var job in host.Jobs)
        {
            var last = await log.LastAsync(job.Name, ct);
            views.Add(new JobView(job.Name, job.Interval.TotalSeconds, last is null ? null : JobRunView.Of(last)));
        }

        return TypedResults.Ok(new JobsView(host.InstanceId, views));
    }

    private static async Task<Results<Ok<List<JobRunView>>, ProblemHttpResult>> RunsAsync(string name, int? limit, JobHost host, IJobRunLog log, CancellationToken ct)
    {
        if (host.Jobs.All(j => j.Name != name))
        {
            return Problems.NotFound($"No job named '{name}'.");
        }

        if (limit is < 1 or > IJobRunLog.MaxList)
        {
            return Problems.BadRequest($"limit must be between 1 and {IJobRunLog.MaxList}.");
        }

        return TypedResults.Ok((await log.ListAsync(name, limit ?? 50, ct)).Select(JobRunView.Of).ToList());
    }
}
