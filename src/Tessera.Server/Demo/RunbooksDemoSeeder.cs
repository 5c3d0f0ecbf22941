using Microsoft.Extensions.DependencyInjection;
using Tessera.Core.Runbooks;

namespace Tessera.Server.Demo;

/// <summary>Three response runbooks (a sub-technique, a technique, a tactic) so the runbook page and API have content.</summary>
public sealed class RunbooksDemoSeeder : IDemoSeeder
{
    public int Order => 500;

    public static readonly IReadOnlyList<(RunbookScope Scope, string Target, string Title, string Markdown)> Runbooks =
    [
        (RunbookScope.Technique, "T1059.001", "PowerShell execution triage", """
            ## Triage
            1. Pull the **full command line** and decode any `-EncodedCommand` payload.
            2. Check the parent process: Office, browsers or `wmiprvse.exe` parents are suspicious.
            3. Search Script Block Logging (event ID `4104`) on the host for the same session.

            ## Contain
            - Isolate the host if the script downloads or injects code.
            - Block the download URL at the proxy.

            See [PowerShell logging guidance](https://learn.microsoft.com/powershell/scripting/windows-powershell/wmf/whats-new/script-logging).
            """),
        (RunbookScope.Technique, "T1003", "Credential dumping response", """
            ## Assume the credentials are gone
            1. Identify accounts that logged on to the host since the dump (interactive and service logons).
            2. **Reset** those passwords; reset `krbtgt` twice if a domain controller was touched.
            3. Hunt for use of the dumped accounts from other hosts (logon type 3 and 10).

            > Do not reboot the host before memory is captured: LSASS dumps are evidence.
            """),
        (RunbookScope.Tactic, "initial-access", "Initial access: first hour", """
            ## First hour
            - Confirm the entry vector: phishing mail, exposed service, valid account.
            - Preserve the mail or the service logs before they rotate.
            - Scope: which other users got the same mail or hit the same service?
            - Open an incident and link the technique.
            """),
    ];

    public async Task SeedAsync(DemoContext context, CancellationToken ct)
    {
        var store = context.Services.GetRequiredService<IRunbookStore>();
        var existing = await store.ListAsync(null, null, ct);
        foreach (var (scope, target, title, markdown) in Runbooks)
        {
            if (!existing.Any(e => e.Scope == scope && e.Target == target && e.Title == title))
            {
                await store.CreateAsync(new RunbookEntry
                {
                    Id = Guid.Empty, Scope = scope, Target = target, Title = title, Markdown = markdown, Owner = "ir-team", Updated = default,
                }, "demo", ct);
            }
        }
    }
}
