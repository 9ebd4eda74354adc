using System.Globalization;

namespace GraderHub.Grading.Feedback;

// The one rule that turns a numeric tolerance into the words a statement uses about precision, so
// the statement never asks for more (or less) than the grader accepts. |v - r| <= max(abs, rel |r|):
// rounding to n significant figures errs by at most half a unit in the n-th figure, 0.5 * 10^(1-n)
// relative in the worst case (leading digit 1), so n = the least with 0.5 * 10^(1-n) <= rel is
// always enough; with rel = 0 the same holds for decimal places against abs. One figure fewer errs
// by up to ten times the tolerance and is rejected whenever that error exceeds it.
public sealed record Precision(PrecisionUnit Unit, int Digits)
{
    public static Precision Of(Answers.NumericTolerance tolerance)
    {
        if (tolerance.Relative > 0)
        {
            return new(PrecisionUnit.SignificantFigures, DigitsFor(tolerance.Relative, offset: 1));
        }

        return new(PrecisionUnit.DecimalPlaces, DigitsFor(tolerance.Absolute, offset: 0));
    }

    // "to at least 4 significant figures" / "to at least 3 decimal places".
    public string Words => Unit switch
    {
        PrecisionUnit.SignificantFigures => $"to at least {Wording.Count(Digits, "significant figure")}",
        PrecisionUnit.DecimalPlaces => $"to at least {Wording.Count(Digits, "decimal place")}",
    };

    // The sentence a statement gets when its author did not place {{precision}}.
    public string Sentence => "Give numbers " + Words + ".";

    // v rounded the way the statement asks (what a student who follows it types).
    public double Round(double v, int digits) => Unit switch
    {
        PrecisionUnit.SignificantFigures => RoundSignificant(v, digits),
        PrecisionUnit.DecimalPlaces => Math.Round(v, Math.Clamp(digits, 0, 15), MidpointRounding.AwayFromZero),
    };

    public string Text(double v, int digits) => Round(v, digits).ToString("R", CultureInfo.InvariantCulture);

    // The unit of the last kept digit of v at this many digits.
    public double UnitOf(double v, int digits) => Unit switch
    {
        PrecisionUnit.SignificantFigures => v == 0 ? Math.Pow(10, -digits) : Math.Pow(10, Math.Floor(Math.Log10(Math.Abs(v))) - digits + 1),
        PrecisionUnit.DecimalPlaces => Math.Pow(10, -digits),
    };

    private static int DigitsFor(double tolerance, int offset)
    {
        if (!(tolerance > 0) || !double.IsFinite(tolerance))
        {
            return 17;
        }

        // Small slack so that 1e-3 gives 4, not 5 from rounding in Log10.
        var n = (int)Math.Ceiling(offset - Math.Log10(2 * tolerance) - 1e-9);
        return Math.Clamp(n, offset, 17);
    }

    private static double RoundSignificant(double v, int digits)
    {
        if (v == 0 || !double.IsFinite(v))
        {
            return v;
        }

        var scale = Math.Pow(10, Math.Floor(Math.Log10(Math.Abs(v))) - digits + 1);
        return Math.Round(v / scale, MidpointRounding.AwayFromZero) * scale;
    }
}

public enum PrecisionUnit { SignificantFigures, DecimalPlaces }
