using System.Globalization;

namespace GraderHub.Grading.Feedback;

// The few grammatical rules every engine message follows, in one place: counts agree with their
// noun ("1 entry", "2 entries") and "k of n ... is/are correct" with k.
public static class Wording
{
    // A noun's plural, for the nouns the engine counts (regular -s unless given).
    public static string Count(int n, string singular, string? plural = null) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? singular : plural ?? singular + "s");

    // "1 of 3 steps is correct", "2 of 3 steps are correct", "0 of 1 step is correct".
    public static string OfCorrect(int correct, int total, string singular, string? plural = null) =>
        $"{correct.ToString(CultureInfo.InvariantCulture)} of {Count(total, singular, plural)} {(correct == 1 || total == 1 ? "is" : "are")} correct.";

    // "1 point is missing.", "2 points are missing."
    public static string Are(int n, string singular, string? plural, string predicate) =>
        $"{Count(n, singular, plural)} {(n == 1 ? "is" : "are")} {predicate}";

    // "1st", "2nd", "3rd", "11th".
    public static string Ordinal(int n)
    {
        var suffix = (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return n.ToString(CultureInfo.InvariantCulture) + suffix;
    }

    // "steps 2 and 4", "steps 2, 3 and 5".
    public static string List(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1],
    };
}
