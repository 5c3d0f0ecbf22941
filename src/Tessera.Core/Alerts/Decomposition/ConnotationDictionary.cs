using System.Text.RegularExpressions;

namespace Tessera.Core.Alerts.Decomposition;

/// <summary>One activity pattern: what it is called, what it implies, and the techniques it supports.</summary>
/// <param name="Techniques">Technique ID and additive weight; the mapper adds these to model scores (scale ≈ 0–1).</param>
internal sealed record ActivityRule(Regex Pattern, string Name, string Connotation, (string Id, float Weight)[] Techniques);

/// <summary>A rule-set prefix (Emerging Threats/Snort categories) and what it says about the alert.</summary>
internal sealed record PrefixRule(string Prefix, string Connotation, (string Id, float Weight)[] Techniques);

/// <summary>
/// Hand-written analyst knowledge, kept as data. Weights are deliberately modest (0.1–0.5) so they steer the
/// learned model rather than override it; they were checked against held-out Sigma titles (docs/ALERT-MAPPING.md).
/// Technique choices follow ATT&amp;CK's own descriptions (e.g. T1190 "Exploit Public-Facing Application").
/// </summary>
internal static class ConnotationDictionary
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled;

    private static Regex R(string pattern) => new(pattern, Options, TimeSpan.FromMilliseconds(100));

    /// <summary>Emerging Threats / Snort GPL category prefixes (see the ET ruleset category list).</summary>
    public static readonly PrefixRule[] Prefixes =
    [
        new("EXPLOIT_KIT", "exploit kit / drive-by delivery", [("T1189", 0.35f)]),
        new("EXPLOIT", "exploitation attempt", [("T1190", 0.15f)]),
        new("WEB_SPECIFIC_APPS", "attack on a specific web application (public-facing)", [("T1190", 0.35f)]),
        new("WEB_SERVER", "attack on a web server (public-facing)", [("T1190", 0.3f)]),
        new("WEB_CLIENT", "attack on a web client (browser)", [("T1189", 0.2f), ("T1203", 0.2f)]),
        new("TROJAN", "malware communication (command and control)", [("T1071", 0.3f)]),
        new("MALWARE", "malware communication (command and control)", [("T1071", 0.3f)]),
        new("CNC", "known command-and-control infrastructure", [("T1071", 0.35f)]),
        new("MOBILE_MALWARE", "mobile malware communication", [("T1071", 0.2f)]),
        new("SCAN", "scanning / reconnaissance", [("T1595", 0.25f), ("T1046", 0.2f)]),
        new("PHISHING", "phishing content", [("T1566", 0.35f)]),
        new("DOS", "denial of service", [("T1498", 0.25f), ("T1499", 0.2f)]),
        new("COINMINER", "cryptocurrency mining", [("T1496", 0.4f)]),
        new("DNS", "DNS activity", [("T1071.004", 0.1f)]),
        new("ATTACK_RESPONSE", "response showing a successful attack (command output)", [("T1059", 0.2f)]),
        new("CURRENT_EVENTS", "active campaign indicator", []),
        new("POLICY", "policy violation (not necessarily malicious)", []),
        new("INFO", "informational", []),
        new("HUNTING", "hunting lead (low fidelity)", []),
    ];

    /// <summary>Products that face the internet by nature; not all are in the KEV catalogue (e.g. vBulletin).</summary>
    public static readonly (string Name, string Connotation)[] Products =
    [
        ("vBulletin", "public-facing web application (forum software)"),
        ("Apache Struts", "public-facing web application framework"),
        ("Struts", "public-facing web application framework"),
        ("Confluence", "public-facing web application (wiki)"),
        ("Jira", "public-facing web application"),
        ("WebLogic", "public-facing application server"),
        ("JBoss", "public-facing application server"),
        ("Tomcat", "public-facing application server"),
        ("Drupal", "public-facing web application (CMS)"),
        ("WordPress", "public-facing web application (CMS)"),
        ("Joomla", "public-facing web application (CMS)"),
        ("Magento", "public-facing web application (e-commerce)"),
        ("phpMyAdmin", "public-facing web application"),
        ("Exchange", "public-facing mail server (OWA/ECP)"),
        ("OWA", "public-facing mail server (Outlook Web Access)"),
        ("SharePoint", "public-facing web application"),
        ("Citrix", "public-facing remote access gateway"),
        ("NetScaler", "public-facing remote access gateway"),
        ("BIG-IP", "public-facing network appliance"),
        ("FortiOS", "public-facing VPN/firewall appliance"),
        ("FortiGate", "public-facing VPN/firewall appliance"),
        ("Pulse Secure", "public-facing VPN appliance"),
        ("Connect Secure", "public-facing VPN appliance"),
        ("PAN-OS", "public-facing firewall/VPN appliance"),
        ("GlobalProtect", "public-facing VPN appliance"),
        ("SonicWall", "public-facing VPN/firewall appliance"),
        ("Zimbra", "public-facing mail server"),
        ("MOVEit", "public-facing file transfer application"),
        ("GoAnywhere", "public-facing file transfer application"),
        ("Log4j", "library inside public-facing Java applications"),
        ("Log4Shell", "library inside public-facing Java applications"),
        ("Spring", "public-facing web application framework"),
        ("Jenkins", "public-facing CI server"),
        ("GitLab", "public-facing source code platform"),
        ("Solr", "public-facing search service"),
        ("Elasticsearch", "public-facing search service"),
        ("ColdFusion", "public-facing application server"),
        ("ManageEngine", "public-facing management application"),
        ("vCenter", "public-facing virtualization management"),
        ("IIS", "public-facing web server"),
        ("Apache", "public-facing web server"),
        ("nginx", "public-facing web server"),
        ("PHP", "public-facing web application runtime"),
        ("ThinkPHP", "public-facing web application framework"),
        ("Webmin", "public-facing administration panel"),
        ("SolarWinds", "network management application"),
        ("Office", "client application (documents)"),
        ("Word", "client application (documents)"),
        ("Excel", "client application (documents)"),
        ("Acrobat", "client application (documents)"),
        ("Outlook", "client mail application"),
        ("Chrome", "web browser"),
        ("Firefox", "web browser"),
        ("Internet Explorer", "web browser"),
        ("Flash", "browser plug-in"),
        ("Print Spooler", "local Windows service"),
        ("Win32k", "local Windows kernel component"),
        ("SMB", "network file-sharing service"),
        ("RDP", "remote desktop service"),
    ];

    /// <summary>Connotations that make remote code execution mean T1190 rather than client/lateral exploitation.</summary>
    public static bool IsPublicFacing(string connotation) => connotation.Contains("public-facing", StringComparison.Ordinal);

    /// <summary>
    /// Cloud, SaaS and container platforms a title can name, as ATT&amp;CK platform names (<c>x_mitre_platforms</c>).
    /// Only platforms outside the endpoint: an endpoint title rarely names its OS, and endpoint techniques dominate anyway.
    /// </summary>
    public static readonly (Regex Pattern, string Name, string[] Platforms)[] PlatformWords =
    [
        (R(@"\b(?:aws|amazon|ec2|s3 bucket|s3|cloudtrail|guardduty|eks|ecs|lambda|route ?53|rds|sagemaker|redshift)\b"), "AWS", ["IaaS"]),
        (R(@"\b(?:azure|entra|aad|azuread|intune|key ?vault)\b"), "Azure / Entra ID", ["IaaS", "Identity Provider", "SaaS"]),
        (R(@"\b(?:gcp|google cloud|gke|bigquery|cloud storage bucket)\b"), "Google Cloud", ["IaaS"]),
        (R(@"\b(?:okta|onelogin|ping ?identity|duo|sso|saml|oauth|conditional access|mfa)\b"), "identity provider", ["Identity Provider", "SaaS"]),
        (R(@"\b(?:microsoft 365|m365|o365|office 365|exchange online|sharepoint online|onedrive|teams|outlook web|inbox rule)\b"), "Microsoft 365", ["Office Suite", "SaaS", "Identity Provider"]),
        (R(@"\b(?:google workspace|gsuite|g suite|gmail)\b"), "Google Workspace", ["Office Suite", "SaaS", "Identity Provider"]),
        (R(@"\b(?:github|gitlab|bitbucket|salesforce|jira cloud|atlassian|azure devops)\b"), "SaaS application", ["SaaS"]),
        (R(@"\b(?:kubernetes|k8s|kubectl|pod|pods|docker|container|containers|helm)\b"), "containers", ["Containers"]),
    ];

    /// <summary>
    /// Endpoint operating systems other than Windows that a title can name (most rule titles are about Windows and do
    /// not say so; a Linux or macOS title usually does). Applied whatever else the title says.
    /// </summary>
    public static readonly (Regex Pattern, string Name, string[] Platforms)[] OsWords =
    [
        (R(@"\b(?:linux|unix|bash|zsh|systemd|crontab|sudo|sudoers|auditd|selinux|apparmor|ld_preload|elf)\b|/etc/|/tmp/|/dev/shm"), "Linux", ["Linux"]),
        (R(@"\b(?:macos|mac os|osx|os x|launchd|launch ?agents?|launch ?daemons?|plist|osascript|applescript|xprotect|gatekeeper|tcc|keychain)\b"), "macOS", ["macOS"]),
    ];

    /// <summary>
    /// Words that put a title on an endpoint or the network ("Teams.exe", "Mailbox Export … PowerShell", "SSM Agent
    /// Hijacking", "Azure Front Door Connection"): such a title names a cloud or SaaS product but is about the host or
    /// the traffic, so <see cref="PlatformWords"/> do not apply. File-sharing and chat services (Dropbox, Slack) are not
    /// platform words at all: alerts naming them are mostly about endpoints using them.
    /// </summary>
    public static readonly Regex EndpointCues = R(@"\.exe\b|\b(?:process|processes|dll|registry|powershell|cmd|script|file|files|folder|directory|execution|executed|command ?line|binary|image load|(?<!user[ -])agent|agents|discovery via|listing|connection|connections|webserver|web server|dns query|proxy)\b");

    /// <summary>
    /// Any of <see cref="OsWords"/> and <see cref="PlatformWords"/>: one scan rejects the many titles that name no
    /// platform, instead of one scan per word list (declared after both: static fields initialise in order).
    /// </summary>
    public static readonly Regex AnyPlatformWord = R(string.Join("|", OsWords.Concat(PlatformWords).Select(w => "(?:" + w.Pattern + ")")));

    public static readonly ActivityRule[] Activities =
    [
        new(R(@"\b(remote code execution|rce|code execution|command execution|remote command|code injection)\b"), "remote code execution",
            "attacker-controlled code runs on the target", [("T1203", 0.1f)]),
        new(R(@"\b(sql ?injection|sqli|union select)\b"), "SQL injection", "input injected into a database query of a web application", [("T1190", 0.45f)]),
        new(R(@"\b(command injection|os command|shell injection)\b"), "command injection", "input injected into an OS command", [("T1190", 0.3f), ("T1059", 0.1f)]),
        new(R(@"\b(path traversal|directory traversal|dir traversal|file inclusion|lfi|rfi|\.\./)"), "path traversal / file inclusion",
            "reads or includes files outside the web root", [("T1190", 0.35f)]),
        new(R(@"\b(deseriali[sz]ation|deserialize|ognl|jndi|el injection|ssti|template injection|xxe)\b"), "injection in application logic",
            "crafted input executed by the application", [("T1190", 0.3f)]),
        new(R(@"\b(auth(entication)? bypass|unauthenticated)\b"), "authentication bypass", "access without valid credentials", [("T1190", 0.2f)]),
        new(R(@"\b(web ?shell|china ?chopper)\b"), "web shell", "persistent backdoor on a web server", [("T1505.003", 0.45f)]),
        new(R(@"\b(brute[- ]?force|password spray(ing)?|credential stuffing|(multiple|many|excessive) (failed )?(logon|login|authentication)s?( failures?)?|failed logins?)\b"),
            "brute force", "repeated guessing of credentials", [("T1110", 0.45f)]),
        new(R(@"\bpassword spray"), "password spraying", "one password tried against many accounts", [("T1110.003", 0.3f)]),
        new(R(@"\b(beacon(ing)?|c2|cnc|c&c|command and control|check-?in|callback)\b"), "beaconing / command and control",
            "infected host talking to its controller", [("T1071", 0.35f)]),
        new(R(@"\b(credential dump(ing)?|mimikatz|lsass|hashdump|secretsdump|sekurlsa|procdump)\b"), "credential dumping",
            "credentials read from memory or stores", [("T1003", 0.3f), ("T1003.001", 0.2f)]),
        new(R(@"\b(dcsync|drsuapi)\b"), "DCSync", "domain replication abused to read hashes", [("T1003.006", 0.5f)]),
        new(R(@"\b(kerberoast(ing)?)\b"), "Kerberoasting", "service tickets requested to crack offline", [("T1558.003", 0.5f)]),
        new(R(@"\b(pass[- ]the[- ]hash|pth)\b"), "pass the hash", "NTLM hash reused to authenticate", [("T1550.002", 0.5f)]),
        new(R(@"\b(phish(ing)?|spear-?phish(ing)?)\b"), "phishing", "deceptive message to a user", [("T1566", 0.4f)]),
        new(R(@"\b(port ?scan(ning)?|nmap|masscan|zmap|scanner|scan(ning)?)\b"), "scanning", "probing for services or vulnerabilities",
            [("T1046", 0.2f), ("T1595", 0.2f)]),
        new(R(@"\b(ransomware|files? encrypt(ed|ion))\b"), "ransomware", "data encrypted for impact", [("T1486", 0.35f)]),
        new(R(@"\b(exfiltrat(e|ion|ing)|exfil|data theft)\b"), "exfiltration", "data sent out of the network", [("T1041", 0.2f), ("T1048", 0.15f)]),
        new(R(@"\b(privilege escalation|local privilege|lpe|elevation of privilege)\b"), "privilege escalation",
            "local exploit to gain higher privileges", [("T1068", 0.35f)]),
        new(R(@"\b(powershell|pwsh)\b"), "PowerShell execution", "scripting interpreter", [("T1059.001", 0.3f)]),
        new(R(@"\b(cmd\.exe|command prompt|cmd /c)\b"), "Windows command shell", "scripting interpreter", [("T1059.003", 0.3f)]),
        new(R(@"\b(vbscript|wscript|cscript|\.vbs)\b"), "Visual Basic script", "scripting interpreter", [("T1059.005", 0.3f)]),
        new(R(@"\b(bash|/bin/sh|sh -c|zsh)\b"), "Unix shell", "scripting interpreter", [("T1059.004", 0.3f)]),
        new(R(@"\b(scheduled task|schtasks)\b"), "scheduled task", "persistence or execution by the task scheduler", [("T1053.005", 0.4f)]),
        new(R(@"\b(cron(tab)?)\b"), "cron job", "persistence or execution by cron", [("T1053.003", 0.4f)]),
        new(R(@"\b(run key|currentversion\\run|autorun)\b"), "registry run key", "persistence at logon", [("T1547.001", 0.4f)]),
        new(R(@"\b(new service|service (install|creat)|sc(\.exe)? create)\w*"), "service creation", "persistence as a system service", [("T1543.003", 0.35f)]),
        new(R(@"\b(tor|onion)\b"), "Tor", "anonymising proxy network", [("T1090.003", 0.35f)]),
        new(R(@"\b(dns tunnel(ing)?|iodine|dnscat)\b"), "DNS tunnelling", "data or C2 inside DNS", [("T1071.004", 0.35f), ("T1572", 0.2f)]),
        new(R(@"\b(download(ed|ing)?|certutil.*urlcache|wget|curl|ingress)\b"), "tool transfer", "files pulled onto the host", [("T1105", 0.2f)]),
        new(R(@"\b(coin ?miner|cryptominer|crypto ?mining|xmrig|monero|stratum)\b"), "cryptomining", "resources hijacked for mining", [("T1496", 0.45f)]),
        new(R(@"\b(denial of service|ddos|syn flood|flood)\b"), "denial of service", "availability attack", [("T1498", 0.3f), ("T1499", 0.2f)]),
        new(R(@"\b(clear(ed|ing)? (the )?(event )?logs?|wevtutil cl|log clear)\b"), "log clearing", "evidence removal", [("T1070.001", 0.45f)]),
        new(R(@"\b(shadow cop(y|ies)|vssadmin|wbadmin delete)\b"), "shadow copy deletion", "recovery inhibited", [("T1490", 0.4f)]),
        new(R(@"\b(psexec|wmiexec|smbexec|remote service)\b"), "remote execution tool", "lateral movement by remote services",
            [("T1569.002", 0.25f), ("T1021.002", 0.2f)]),
        new(R(@"\b(lateral movement)\b"), "lateral movement", "moving between hosts", [("T1021", 0.25f), ("T1570", 0.15f)]),
        new(R(@"\b(rundll32)\b"), "rundll32 proxy execution", "signed binary proxy execution", [("T1218.011", 0.4f)]),
        new(R(@"\b(regsvr32)\b"), "regsvr32 proxy execution", "signed binary proxy execution", [("T1218.010", 0.4f)]),
        new(R(@"\b(mshta)\b"), "mshta proxy execution", "signed binary proxy execution", [("T1218.005", 0.4f)]),
        new(R(@"\b((disable|tamper)\w* (windows )?(defender|antivirus|av|edr|security))\b"), "security tool tampering", "defences impaired",
            [("T1562.001", 0.4f)]),
        new(R(@"\b(user agent|useragent)\b"), "unusual user agent", "web protocol command and control", [("T1071.001", 0.25f)]),
        new(R(@"\b(exploit(s|ation|ed|ing)?|vulnerability|cve)\b"), "exploitation", "a vulnerability is being exploited", []),
    ];
}
