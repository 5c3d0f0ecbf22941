/// <summary>The 1-minute load average printed beside every figure: timings on a shared machine mean little without it.</summary>
internal static class MachineLoad
{
    public static string Current() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
