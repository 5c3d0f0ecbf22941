using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Server.Jobs;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Api.Jobs;

public sealed class JobApiTests(TesseraServerFixture server) : IClassFixture<TesseraServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task List_AfterARun_ShowsWebhookJobWithLastRunOutcomeAndDuration()
    {
        var host = server.App.Services.GetRequiredService<JobHost>();
        var run = await host.RunOnceAsync(WebhookDeliveryJob.Name, Ct);
        using var admin = await server.AdminAsync();

        var jobs = await admin.GetFromJsonAsync<JsonElement>("api/v1/jobs", Ct);
        var runs = await admin.GetFromJsonAsync<JsonElement>($"api/v1/jobs/{WebhookDeliveryJob.Name}/runs", Ct);

        Assert.Equal(JobRunStatus.Ran, run.Status);
        Assert.Equal(host.InstanceId, jobs.GetProperty("instance").GetString());
        var job = jobs.GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("name").GetString() == WebhookDeliveryJob.Name);
        Assert.Equal(WebhookDeliveryJob.Interval.TotalSeconds, job.GetProperty("intervalSeconds").GetDouble());
        Assert.Equal("Succeeded", job.GetProperty("lastRun").GetProperty("outcome").GetString());
        Assert.True(job.GetProperty("lastRun").GetProperty("durationMs").GetDouble() >= 0);
        Assert.Contains(runs.EnumerateArray(), r => r.GetProperty("id").GetString() == run.Run!.Id.ToString());
    }

    [Fact]
    public async Task List_AsEngineer_Returns403AndUnknownJobRuns404()
    {
        using var engineer = await server.ClientWithRoleAsync("DetectionEngineer");
        using var admin = await server.AdminAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await engineer.GetAsync("api/v1/jobs", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("api/v1/jobs/no-such-job/runs", Ct)).StatusCode);
    }

    // Both used to be clamped silently (to 1 and 500 runs); webhook deliveries already answered 400.
    [Theory]
    [InlineData(-1)]
    [InlineData(100_000_000)]
    public async Task Runs_LimitOutOfRange_400NamingTheRange(int limit)
    {
        using var admin = await server.AdminAsync();

        var response = await admin.GetAsync($"api/v1/jobs/{WebhookDeliveryJob.Name}/runs?limit={limit}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("limit must be between 1 and 500", await response.Content.ReadAsStringAsync(Ct));
    }
}
