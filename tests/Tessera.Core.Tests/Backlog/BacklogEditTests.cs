using Tessera.Core.Backlog;

namespace Tessera.Core.Tests.Backlog;

public sealed class BacklogEditTests
{
    // QA pass 6: a value and its clear flag together were accepted and the clear silently won; owner and note took
    // control characters (a NUL was a 500 on PostgreSQL).
    [Theory]
    [InlineData("phishing-team", true, false, "give owner or clearOwner, not both")]
    [InlineData(null, false, true, "give dueOn or clearDueOn, not both")]
    [InlineData("a\0b", false, false, "owner contains a control character (U+0000 at position 2)")]
    public void Validate_ContradictionsAndControlCharacters_Named(string? owner, bool clearOwner, bool dueOnWithClear, string expected)
    {
        var edit = new BacklogEdit
        {
            Owner = owner, ClearOwner = clearOwner, DueOn = dueOnWithClear ? new DateOnly(2030, 1, 31) : null, ClearDueOn = dueOnWithClear,
        };

        Assert.Contains(edit.Validate(), e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    // A due day of year 1 (an empty date picker) or 1900 was stored and sorted first as a century overdue.
    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("1999-12-31")] // the day before the range
    [InlineData("2101-01-01")] // the day after it
    public void Validate_DueOnOutsideTheAcceptedDates_NamedWithTheRange(string day)
    {
        var edit = new BacklogEdit { DueOn = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.Equal([$"dueOn {day} is outside the dates Tessera accepts (2000-01-01 to 2100-12-31)"], edit.Validate());
    }

    // The API put every message under errors.edit; each names its field, so it goes under that field's key.
    [Fact]
    public void FieldErrors_SeveralFields_EachUnderItsOwnKeyInOrder()
    {
        var edit = new BacklogEdit { Owner = "a\nb", DueOn = new DateOnly(1900, 1, 1), ClearDueOn = true, State = BacklogState.ClosedAutomatically };

        var errors = edit.FieldErrors();

        Assert.Equal(["state", "dueOn", "owner"], errors.Keys);
        Assert.Equal(["give dueOn or clearDueOn, not both", "dueOn 1900-01-01 is outside the dates Tessera accepts (2000-01-01 to 2100-12-31)"], errors["dueOn"]);
        Assert.StartsWith("owner contains a control character", Assert.Single(errors["owner"]), StringComparison.Ordinal);
        Assert.Equal(edit.Validate().Order(StringComparer.Ordinal), errors.Values.SelectMany(m => m).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("2000-01-01")]
    [InlineData("2100-12-31")]
    public void Validate_DueOnAtTheEndsOfTheRange_IsFine(string day) =>
        Assert.Empty(new BacklogEdit { DueOn = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture) }.Validate());

    [Fact]
    public void Validate_BlankOwnerWithClear_AsTheBacklogPageSendsIt_IsFine() =>
        Assert.Empty(new BacklogEdit { Owner = "  ", ClearOwner = true, Note = "line one\nline two" }.Validate());
}
