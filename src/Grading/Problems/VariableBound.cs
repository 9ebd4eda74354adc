using System.Globalization;
using GraderHub.Grading.Equivalence;

namespace GraderHub.Grading.Problems;

// Where one variable of a problem lives: a lower and an upper bound, each strict or not, either
// possibly infinite. The solvers (Lagrange, stationary points) visit and report only points inside;
// equivalence samples a finite part of it.
public readonly record struct VariableBound(double Low, bool LowIncluded, double High, bool HighIncluded)
{
    public bool Contains(double v) =>
        (LowIncluded ? v >= Low : v > Low) && (HighIncluded ? v <= High : v < High);

    // The sampling interval for equivalence: a half-line is sampled over the ten units next to its end.
    public Interval? Sampling => (double.IsFinite(Low), double.IsFinite(High)) switch
    {
        (true, true) => new Interval(Low, High),
        (true, false) => new Interval(Low, Low + 10),
        (false, true) => new Interval(High - 10, High),
        (false, false) => null,
    };

    public override string ToString() =>
        (LowIncluded ? "[" : "(") + Show(Low) + ", " + Show(High) + (HighIncluded ? "]" : ")");

    private static string Show(double v) => double.IsPositiveInfinity(v) ? "inf" : double.IsNegativeInfinity(v) ? "-inf" : v.ToString("R", CultureInfo.InvariantCulture);

    // "> 0", ">= 0", "< 5", "<= 5", or interval notation "(0, inf)", "[0, 1]", "(0, 1]"; null when unreadable.
    public static VariableBound? Parse(string text)
    {
        var t = text.Trim();
        foreach (var (op, lower, included) in new[] { (">=", true, true), ("<=", false, true), (">", true, false), ("<", false, false) })
        {
            if (t.StartsWith(op, StringComparison.Ordinal))
            {
                return Number(t[op.Length..]) is { } v && double.IsFinite(v)
                    ? lower ? new VariableBound(v, included, double.PositiveInfinity, false) : new VariableBound(double.NegativeInfinity, false, v, included)
                    : null;
            }
        }
        if (t.Length < 5 || t[0] is not ('(' or '[') || t[^1] is not (')' or ']'))
        {
            return null;
        }
        var parts = t[1..^1].Split(',');
        if (parts.Length != 2 || Number(parts[0]) is not { } lo || Number(parts[1]) is not { } hi || !(lo < hi)
            || double.IsPositiveInfinity(lo) || double.IsNegativeInfinity(hi))
        {
            return null;
        }
        return new VariableBound(lo, t[0] == '[' && double.IsFinite(lo), hi, t[^1] == ']' && double.IsFinite(hi));
    }

    private static double? Number(string text) => text.Trim() switch
    {
        "inf" or "+inf" or "oo" => double.PositiveInfinity,
        "-inf" or "-oo" => double.NegativeInfinity,
        var s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null,
    };
}
