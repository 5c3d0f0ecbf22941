using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Tessera.Server.Jobs;

public static class JobServiceCollectionExtensions
{
    /// <summary>Adds the job host (once) and registers <typeparamref name="TJob"/> to run every <paramref name="interval"/> across all instances.</summary>
    public static IServiceCollection AddTesseraJob<TJob>(this IServiceCollection services, string name, TimeSpan interval)
        where TJob : class, ITesseraJob
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        services.AddTesseraJobHost();
        services.TryAddSingleton<TJob>();
        services.AddSingleton(new JobRegistration(name, interval, typeof(TJob)));
        return services;
    }

    /// <summary>The host alone; <see cref="AddTesseraJob{TJob}"/> calls it.</summary>
    public static IServiceCollection AddTesseraJobHost(this IServiceCollection services)
    {
        services.TryAddSingleton(JobInstance.CreateUnique());
        services.TryAddSingleton<JobHost>();
        if (!services.Any(d => d is JobHostDescriptor))
        {
            services.Add(new JobHostDescriptor());
        }

        return services;
    }

    // A marker descriptor so the hosted-service registration is added once however many jobs register.
    private sealed class JobHostDescriptor() : ServiceDescriptor(typeof(Microsoft.Extensions.Hosting.IHostedService),
        sp => sp.GetRequiredService<JobHost>(), ServiceLifetime.Singleton);
}
