using System.Text;

namespace Tessera.Server.Components.Shared;

/// <summary>
/// Enum values as words for people: "InProgress" reads "In progress", "ClosedAutomatically" "Closed automatically".
/// The API and form values keep the enum names; only what a page shows changes.
/// </summary>
public static class EnumText
{
    public static string Words<T>(this T value) where T : struct, Enum
    {
        var name = value.ToString();
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i > 0 && char.IsUpper(c))
            {
                text.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }
}
