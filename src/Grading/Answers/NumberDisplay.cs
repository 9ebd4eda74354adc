using System.Globalization;

namespace GraderHub.Grading.Answers;

// How a reference number is printed for people: as many significant digits as the tolerance makes
// meaningful (down to a tenth of the tolerance at that value), never fewer than one. Grading
// compares the unrounded double; the text a tool reads ("R") keeps every digit.
public static class NumberDisplay
{
    public static string Text(double v, NumericTolerance tolerance)
    {
        if (v == 0 || !double.IsFinite(v))
        {
            return v.ToString("R", CultureInfo.InvariantCulture);
        }

        var allowed = Math.Max(tolerance.Absolute, tolerance.Relative * Math.Abs(v));
        if (!(allowed > 0))
        {
            return v.ToString("R", CultureInfo.InvariantCulture);
        }

        var digits = (int)Math.Floor(Math.Log10(Math.Abs(v))) - (int)Math.Floor(Math.Log10(allowed)) + 2;
        return v.ToString("G" + Math.Clamp(digits, 1, 17).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    // 1.5E-05 as 1.5 \times 10^{-5}.
    public static string Latex(double v, NumericTolerance tolerance)
    {
        var text = Text(v, tolerance);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            return text;
        }

        var exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return text[..e] + @" \times 10^{" + exponent.ToString(CultureInfo.InvariantCulture) + "}";
    }

    public static string Tuple(IEnumerable<double> values, NumericTolerance tolerance)
    {
        var items = values.Select(v => Latex(v, tolerance)).ToList();
        return items.Count == 1 ? items[0] : @"\left(" + string.Join(@",\ ", items) + @"\right)";
    }

    public static string Column(IEnumerable<double> values, NumericTolerance tolerance) =>
        Entries.ColumnVector(values.Select(v => Latex(v, tolerance)));

    public static string Matrix(IEnumerable<IReadOnlyList<double>> rows, NumericTolerance tolerance) =>
        @"\begin{bmatrix} " + string.Join(@" \\ ", rows.Select(r => string.Join(" & ", r.Select(v => Latex(v, tolerance))))) + @" \end{bmatrix}";

    public static string Set(IEnumerable<IReadOnlyList<double>> points, NumericTolerance tolerance)
    {
        var items = points.Select(p => Tuple(p, tolerance)).ToList();
        return items.Count == 0 ? @"\{\,\}" : @"\left\{ " + string.Join(@",\ ", items) + @" \right\}";
    }
}
