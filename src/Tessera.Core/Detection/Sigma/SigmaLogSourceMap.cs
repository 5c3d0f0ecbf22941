namespace Tessera.Core.Detection.Sigma;

/// <summary>
/// Static mapping from Sigma logsources (https://github.com/SigmaHQ/sigma-specification, appendix
/// "Taxonomy") to ATT&amp;CK Enterprise data components and v18 log sources. Data component IDs and names,
/// and log source names, are those of enterprise-attack 18.1 (a test checks them against the bundle and the
/// 17.1 "Source: Component" names); channels follow ATT&amp;CK's <c>EventCode=N</c> style and name the event
/// IDs the Sigma category is built from (e.g. Sysmon 1 and Security 4688 for process_creation).
/// </summary>
/// <remarks>
/// Matching: an entry applies when each part it names (product, category, service) equals the rule's, case
/// insensitively; the entry naming the most parts wins, ties go to table order. Service-level sources such as
/// the Windows Security log carry many kinds of events, so their components are the main ones ATT&amp;CK links
/// to that log rather than a complete list. Anything else is <see cref="DataRequirement.Unmapped"/>.
/// </remarks>
public static class SigmaLogSourceMap
{
    private static readonly Dictionary<string, DataComponentRef> Components = new[]
    {
        new DataComponentRef("DC0001", "Scheduled Job Creation", "Scheduled Job"),
        new DataComponentRef("DC0002", "User Account Authentication", "User Account"),
        new DataComponentRef("DC0008", "WMI Creation", "WMI"),
        new DataComponentRef("DC0010", "User Account Modification", "User Account"),
        new DataComponentRef("DC0014", "User Account Creation", "User Account"),
        new DataComponentRef("DC0016", "Module Load", "Module"),
        new DataComponentRef("DC0018", "Host Status", "Sensor Health"),
        new DataComponentRef("DC0020", "Process Modification", "Process"),
        new DataComponentRef("DC0029", "Script Execution", "Script"),
        new DataComponentRef("DC0032", "Process Creation", "Process"),
        new DataComponentRef("DC0034", "Process Metadata", "Process"),
        new DataComponentRef("DC0035", "Process Access", "Process"),
        new DataComponentRef("DC0038", "Application Log Content", "Application Log"),
        new DataComponentRef("DC0039", "File Creation", "File"),
        new DataComponentRef("DC0040", "File Deletion", "File"),
        new DataComponentRef("DC0041", "Service Metadata", "Service"),
        new DataComponentRef("DC0045", "Windows Registry Key Deletion", "Windows Registry"),
        new DataComponentRef("DC0048", "Named Pipe Metadata", "Named Pipe"),
        new DataComponentRef("DC0051", "Firewall Rule Modification", "Firewall"),
        new DataComponentRef("DC0054", "Drive Access", "Drive"),
        new DataComponentRef("DC0055", "File Access", "File"),
        new DataComponentRef("DC0056", "Windows Registry Key Creation", "Windows Registry"),
        new DataComponentRef("DC0059", "File Metadata", "File"),
        new DataComponentRef("DC0060", "Service Creation", "Service"),
        new DataComponentRef("DC0061", "File Modification", "File"),
        new DataComponentRef("DC0063", "Windows Registry Key Modification", "Windows Registry"),
        new DataComponentRef("DC0064", "Command Execution", "Command"),
        new DataComponentRef("DC0065", "Service Modification", "Service"),
        new DataComponentRef("DC0066", "Active Directory Object Modification", "Active Directory"),
        new DataComponentRef("DC0067", "Logon Session Creation", "Logon Session"),
        new DataComponentRef("DC0069", "Cloud Service Modification", "Cloud Service"),
        new DataComponentRef("DC0070", "Cloud Service Metadata", "Cloud Service"),
        new DataComponentRef("DC0072", "Container Creation", "Container"),
        new DataComponentRef("DC0078", "Network Traffic Flow", "Network Traffic"),
        new DataComponentRef("DC0079", "Driver Load", "Driver"),
        new DataComponentRef("DC0082", "Network Connection Creation", "Network Traffic"),
        new DataComponentRef("DC0085", "Network Traffic Content", "Network Traffic"),
        new DataComponentRef("DC0088", "Logon Session Metadata", "Logon Session"),
        new DataComponentRef("DC0102", "Network Share Access", "Network Share"),
    }.ToDictionary(c => c.Id, StringComparer.Ordinal);

    /// <summary>The data components the table uses (18.1 IDs and names); lets 17.x component names be matched to IDs.</summary>
    public static IReadOnlyCollection<DataComponentRef> KnownComponents => Components.Values;

    private const string Sysmon = "WinEventLog:Sysmon";
    private const string Security = "WinEventLog:Security";
    private const string PowerShell = "WinEventLog:PowerShell";

    /// <summary>The table in match order. Parts are (product, category, service); null matches anything.</summary>
    public static IReadOnlyList<SigmaLogSourceMapping> Entries { get; } =
    [
        // Windows endpoint categories (Sysmon event IDs, Security auditing, PowerShell logging).
        E("windows", "process_creation", null, ["DC0032"], (Sysmon, "EventCode=1"), (Security, "EventCode=4688")),
        E("windows", "network_connection", null, ["DC0082"], (Sysmon, "EventCode=3")),
        E("windows", "file_event", null, ["DC0039"], (Sysmon, "EventCode=11")),
        E("windows", "file_change", null, ["DC0061"], (Sysmon, "EventCode=2")),
        E("windows", "file_delete", null, ["DC0040"], (Sysmon, "EventCode=23, 26")),
        E("windows", "file_access", null, ["DC0055"], (Security, "EventCode=4663")),
        E("windows", "file_rename", null, ["DC0061"], (Security, "EventCode=4663")),
        E("windows", "file_executable_detected", null, ["DC0039"], (Sysmon, "EventCode=29")),
        E("windows", "create_stream_hash", null, ["DC0059"], (Sysmon, "EventCode=15")),
        E("windows", "registry_set", null, ["DC0063"], (Sysmon, "EventCode=13")),
        E("windows", "registry_add", null, ["DC0056"], (Sysmon, "EventCode=12")),
        E("windows", "registry_delete", null, ["DC0045"], (Sysmon, "EventCode=12")),
        E("windows", "registry_rename", null, ["DC0063"], (Sysmon, "EventCode=14")),
        E("windows", "registry_event", null, ["DC0056", "DC0063", "DC0045"], (Sysmon, "EventCode=12, 13, 14")),
        E("windows", "image_load", null, ["DC0016"], (Sysmon, "EventCode=7")),
        E("windows", "dns_query", null, ["DC0082"], (Sysmon, "EventCode=22")),
        E("windows", "process_access", null, ["DC0035"], (Sysmon, "EventCode=10")),
        E("windows", "create_remote_thread", null, ["DC0020"], (Sysmon, "EventCode=8")),
        E("windows", "process_tampering", null, ["DC0020"], (Sysmon, "EventCode=25")),
        E("windows", "raw_access_thread", null, ["DC0054"], (Sysmon, "EventCode=9")),
        E("windows", "pipe_created", null, ["DC0048"], (Sysmon, "EventCode=17, 18")),
        E("windows", "driver_load", null, ["DC0079"], (Sysmon, "EventCode=6")),
        E("windows", "wmi_event", null, ["DC0008"], (Sysmon, "EventCode=19, 20, 21")),
        E("windows", "sysmon_status", null, ["DC0018"], (Sysmon, "EventCode=4, 16")),
        E("windows", "sysmon_error", null, ["DC0018"], (Sysmon, "EventCode=255")),
        E("windows", "ps_script", null, ["DC0029"], (PowerShell, "EventCode=4104")),
        E("windows", "ps_module", null, ["DC0064"], (PowerShell, "EventCode=4103")),
        E("windows", "ps_classic_start", null, ["DC0064"], (PowerShell, "EventCode=400")),
        E("windows", "ps_classic_provider_start", null, ["DC0064"], (PowerShell, "EventCode=600")),

        // Windows event log channels (Sigma "service").
        E("windows", null, "security", ["DC0067", "DC0002", "DC0088", "DC0066", "DC0010"], (Security, "")),
        E("windows", null, "system", ["DC0060", "DC0041", "DC0018"], ("WinEventLog:System", "")),
        E("windows", null, "application", ["DC0038"], ("WinEventLog:Application", "")),
        E("windows", null, "sysmon", ["DC0018"], (Sysmon, "EventCode=4, 16, 255")),
        E("windows", null, "powershell", ["DC0064", "DC0029"], (PowerShell, "EventCode=4103, 4104")),
        E("windows", null, "powershell-classic", ["DC0064"], (PowerShell, "EventCode=400, 600, 800")),
        E("windows", null, "taskscheduler", ["DC0001"], ("WinEventLog:TaskScheduler", "")),
        E("windows", null, "wmi", ["DC0008"], ("WinEventLog:WMI", "EventCode=5857, 5858, 5860, 5861")),
        E("windows", null, "windefend", ["DC0059"], ("WinEventLog:Microsoft-Windows-Windows Defender/Operational", "")),
        E("windows", null, "applocker", ["DC0032", "DC0034"], ("WinEventLog:AppLocker", "")),
        E("windows", null, "codeintegrity-operational", ["DC0034", "DC0059"], ("WinEventLog:Microsoft-Windows-CodeIntegrity/Operational", "")),
        E("windows", null, "bits-client", ["DC0082"], ("WinEventLog:Microsoft-Windows-Bits-Client/Operational", "")),
        E("windows", null, "firewall-as", ["DC0051"], ("WinEventLog:Microsoft-Windows-Windows Firewall With Advanced Security/Firewall", "")),
        E("windows", null, "smbclient-security", ["DC0102"], ("WinEventLog:Microsoft-Windows-SMBClient/Security", "")),
        E("windows", null, "iis-configuration", ["DC0065"], ("WinEventLog:Microsoft-IIS-Configuration", "")),

        // Linux and macOS.
        E("linux", "process_creation", null, ["DC0032"], ("auditd:SYSCALL", "execve"), ("linux:Sysmon", "EventCode=1")),
        E("linux", "network_connection", null, ["DC0082"], ("auditd:SYSCALL", "connect"), ("linux:Sysmon", "EventCode=3")),
        E("linux", "file_event", null, ["DC0039"], ("auditd:SYSCALL", "creat"), ("linux:Sysmon", "EventCode=11")),
        E("linux", "file_delete", null, ["DC0040"], ("auditd:SYSCALL", "unlink"), ("linux:Sysmon", "EventCode=23")),
        E("linux", null, "auditd", ["DC0032", "DC0064", "DC0061"], ("auditd:SYSCALL", "")),
        E("linux", null, "syslog", ["DC0038"], ("linux:syslog", "")),
        E("linux", null, "auth", ["DC0002", "DC0067"], ("linux:auth", "")),
        E("linux", null, "sshd", ["DC0002", "DC0067"], ("linux:auth", "sshd")),
        E("linux", null, "sudo", ["DC0034"], ("linux:syslog", "sudo")),
        E("linux", null, "cron", ["DC0001"], ("linux:cron", "")),
        E("linux", null, null, ["DC0038"], ("linux:syslog", "")),
        E("macos", "process_creation", null, ["DC0032"], ("macos:endpointsecurity", "ES_EVENT_TYPE_NOTIFY_EXEC")),
        E("macos", "file_event", null, ["DC0039"], ("macos:endpointsecurity", "ES_EVENT_TYPE_NOTIFY_CREATE")),

        // Cloud, identity and SaaS audit logs.
        E("aws", null, "cloudtrail", ["DC0069", "DC0070", "DC0067"], ("AWS:CloudTrail", "")),
        E("azure", null, "activitylogs", ["DC0069"], ("azure:activity", "")),
        E("azure", null, "auditlogs", ["DC0010", "DC0014", "DC0069"], ("azure:audit", "")),
        E("azure", null, "signinlogs", ["DC0002", "DC0067"], ("azure:signinlogs", "")),
        E("azure", null, "riskdetection", ["DC0002"], ("azure:signinlogs", "risk detections")),
        E("azure", null, "pim", ["DC0010"], ("azure:audit", "Privileged Identity Management")),
        E("gcp", null, "gcp.audit", ["DC0069", "DC0067"], ("gcp:audit", "")),
        E("gcp", null, "google_workspace.admin", ["DC0038"], ("gcp:workspaceaudit", "admin")),
        E("gcp", null, "google_workspace.login", ["DC0002"], ("gcp:workspaceaudit", "login")),
        E("m365", null, "exchange", ["DC0038"], ("m365:exchange", "")),
        E("m365", null, null, ["DC0038"], ("m365:unified", "")),
        E("okta", null, "okta", ["DC0002", "DC0067", "DC0010"], ("Okta:SystemLog", "")),
        E("github", null, "audit", ["DC0038", "DC0069"], ("saas:github", "audit log")),
        E("kubernetes", null, "audit", ["DC0072", "DC0064"], ("kubernetes:audit", "")),

        // Network and application categories (any product).
        E(null, "webserver", null, ["DC0038"], ("ApplicationLog:WebServer", "")),
        E(null, "proxy", null, ["DC0085"], ("WebProxy:AccessLogs", "")),
        E(null, "firewall", null, ["DC0078", "DC0082"], ("NSM:Firewall", "")),
        E(null, "dns", null, ["DC0078"], ("dns:query", "")),
        E(null, "antivirus", null, ["DC0038", "DC0059"], ("EDR:detection", "")),
        E("zeek", null, null, ["DC0078", "DC0085"], ("NSM:Flow", ""), ("NSM:Connections", "")),
        E("cisco", null, "aaa", ["DC0002", "DC0064"], ("networkdevice:syslog", "aaa")),

        // Category-only fallbacks for products without a specific entry.
        E(null, "process_creation", null, ["DC0032"]),
        E(null, "network_connection", null, ["DC0082"]),
        E(null, "file_event", null, ["DC0039"]),
    ];

    /// <summary>
    /// Maps a Sigma logsource to ATT&amp;CK data requirements; returns <see cref="DataRequirement.Unmapped"/> (with the
    /// logsource text) when no entry applies. Never throws.
    /// </summary>
    public static DataRequirement Map(SigmaLogSource logSource)
    {
        SigmaLogSourceMapping? best = null;
        foreach (var entry in Entries)
        {
            if (entry.Matches(logSource) && (best is null || entry.Specificity > best.Specificity))
            {
                best = entry;
            }
        }

        return best is null
            ? DataRequirement.Unmapped(logSource.ToString())
            : new DataRequirement
            {
                SourceText = logSource.ToString(),
                IsMapped = true,
                DataComponents = best.DataComponents,
                LogSources = best.LogSources,
            };
    }

    private static SigmaLogSourceMapping E(string? product, string? category, string? service, string[] components, params (string Name, string Channel)[] logs) => new()
    {
        Product = product,
        Category = category,
        Service = service,
        DataComponents = components.Select(id => Components[id]).ToList(),
        LogSources = logs.Select(l => new LogSourceRequirement(l.Name, l.Channel)).ToList(),
    };
}

/// <summary>One row of <see cref="SigmaLogSourceMap"/>: the logsource parts it names and what they require.</summary>
public sealed record SigmaLogSourceMapping
{
    public string? Product { get; init; }
    public string? Category { get; init; }
    public string? Service { get; init; }
    public required IReadOnlyList<DataComponentRef> DataComponents { get; init; }
    public required IReadOnlyList<LogSourceRequirement> LogSources { get; init; }

    internal int Specificity => (Product is null ? 0 : 1) + (Category is null ? 0 : 1) + (Service is null ? 0 : 1);

    internal bool Matches(SigmaLogSource source) =>
        Part(Product, source.Product) && Part(Category, source.Category) && Part(Service, source.Service);

    private static bool Part(string? wanted, string? actual) =>
        wanted is null || string.Equals(wanted, actual, StringComparison.OrdinalIgnoreCase);
}
