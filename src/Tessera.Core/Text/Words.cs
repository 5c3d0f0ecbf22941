namespace Tessera.Core.Text;

/// <summary>Words of free text as runs of letters and digits: "Net.EXE (APT29)" → Net, EXE, APT29.</summary>
public static class Words
{
    /// <summary>(start, length) of each run of letters and digits, in order; lets a caller look words up without allocating.</summary>
    public static IEnumerable<(int Start, int Length)> Runs(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                yield return (start, i - start);
                start = -1;
            }
        }
    }

    /// <summary>Each run, lower-cased (invariant culture): "Emissary Panda" → [emissary, panda].</summary>
    public static List<string> LowerCase(string text) =>
        Runs(text).Select(w => text.Substring(w.Start, w.Length).ToLowerInvariant()).ToList();
}
