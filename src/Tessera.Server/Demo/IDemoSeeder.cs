namespace Tessera.Server.Demo;

/// <summary>
/// Seeds one capability's part of the demo data set (<c>tessera serve --demo</c>). Seeders run in
/// <see cref="Order"/> after storage and ATT&amp;CK are ready, and must be idempotent: a restart seeds nothing twice.
/// Register with <c>services.AddSingleton&lt;IDemoSeeder, MySeeder&gt;()</c>.
/// </summary>
public interface IDemoSeeder
{
    /// <summary>Lower runs first (users 0, rules 100, validations 200, incidents 300, alerts 400 …).</summary>
    int Order { get; }

    Task SeedAsync(DemoContext context, CancellationToken ct);
}
