using System.Globalization;
using System.Text;
using GraderHub.Grading.Expressions;

namespace GraderHub.Grading.Problems.Kinds;

// Worked solutions of the derivative kinds, in Markdown with $...$ math: the rules the engine's
// differentiator applied (DerivationTrace), outer steps first, then the answer the grader holds.
internal static class WorkedSolutions
{
    // Past this many written steps per derivative a solution stops listing them and says so.
    private const int MaxStepsShown = 16;

    public static void Derivative(StringBuilder md, Expr f, string x, bool partial)
    {
        var trace = new DerivationTrace();
        var result = Differentiator.Differentiate(f, x, trace);
        md.Append(CultureInfo.InvariantCulture, $"${Operator(x, partial)}\\left[{ExprPrinter.ToLatex(f)}\\right]$:\n\n");
        var shown = 0;
        var written = trace.Steps.Where(s => !s.IsTrivial).ToList();
        if (written.Count == 0)
        {
            md.Append("- ").Append(DerivationTrace.Describe(trace.Steps[0].Rule)).Append(".\n");
        }
        foreach (var step in written.Take(MaxStepsShown))
        {
            var depth = Math.Max(0, step.Depth - written[0].Depth);
            md.Append(' ', 2 * Math.Min(depth, 4)).Append("- ")
                .Append(CultureInfo.InvariantCulture, $"${Operator(x, partial)}\\left[{ExprPrinter.ToLatex(step.Expression)}\\right] = {ExprPrinter.ToLatex(step.Result)}$")
                .Append(" (").Append(DerivationTrace.Describe(step.Rule)).Append(")\n");
            shown++;
        }
        if (written.Count > shown || trace.Truncated)
        {
            md.Append("- ... (the remaining steps apply the same rules)\n");
        }
        md.Append(CultureInfo.InvariantCulture, $"\nSo ${Operator(x, partial)} f = {ExprPrinter.ToLatex(result)}$.\n\n");
    }

    public static string Operator(string x, bool partial) => partial
        ? $"\\frac{{\\partial}}{{\\partial {ExprPrinter.LatexName(x)}}}"
        : $"\\frac{{d}}{{d{ExprPrinter.LatexName(x)}}}";

    public static void Value(StringBuilder md, string what, double[] point, IReadOnlyList<string> variables, string value)
    {
        var at = string.Join(", ", variables.Select((v, i) => $"{ExprPrinter.LatexName(v)} = {point[i].ToString("G10", CultureInfo.InvariantCulture)}"));
        md.Append(CultureInfo.InvariantCulture, $"At ${at}$: {what} $= {value}$.\n\n");
    }

    // "So $J = (...)$." and, with a point, its value there.
    public static void MatrixResult(StringBuilder md, string name, IReadOnlyList<IReadOnlyList<Expr>> rows, VariantBuilder variant,
        IReadOnlyDictionary<string, string>? at)
    {
        md.Append("So $").Append(name).Append(" = ").Append(Matrix(rows.Select(r => r.Select(ExprPrinter.ToLatex)))).Append("$.\n\n");
        if (at is not null)
        {
            var point = variant.Point(at);
            Value(md, "$" + name + "$", point, variant.Variables, Matrix(rows.Select(r => r.Select(e => Number(variant.Evaluate(e, point))))));
        }
    }

    public static string Matrix(IEnumerable<IEnumerable<string>> rows) =>
        @"\begin{pmatrix} " + string.Join(@" \\ ", rows.Select(r => string.Join(" & ", r))) + @" \end{pmatrix}";

    public static string Number(double v) => v.ToString("G10", CultureInfo.InvariantCulture);
}
