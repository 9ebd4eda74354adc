using System.Globalization;

namespace GraderHub.Tests.Shared;

// Answers that are legal and slow to check, for the tests of the grading time limit.
public static class SlowAnswers
{
    // Sixty sums of the form ((x+k)(x-k))^64 - (x^2-k^2)^64, each zero, whose cancellation sends
    // the checker to expand them: seconds of BigInteger arithmetic on an idle core, whatever
    // shortcut the equivalence checker takes first, so a limit of a few milliseconds always stops it.
    public static string Pathological(string start)
    {
        var text = start;
        for (var k = 1; ; k++)
        {
            var term = string.Create(CultureInfo.InvariantCulture, $"+((x+{k})(x-{k}))^64-(x^2-{k * k})^64");
            if (text.Length + term.Length > 1990) return text;
            text += term;
        }
    }
}
