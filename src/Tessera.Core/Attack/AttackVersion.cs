namespace Tessera.Core.Attack;

/// <summary>Orders ATT&amp;CK release strings numerically ("9.0" &lt; "17.1" &lt; "18.1"), unlike ordinal string order.</summary>
public sealed class AttackVersionComparer : IComparer<string>
{
    public static AttackVersionComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var a = x.Split('.');
        var b = y.Split('.');
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var left = i < a.Length && int.TryParse(a[i], out var l) ? l : 0;
            var right = i < b.Length && int.TryParse(b[i], out var r) ? r : 0;
            if (left != right)
            {
                return left.CompareTo(right);
            }
        }

        return string.CompareOrdinal(x, y);
    }
}
