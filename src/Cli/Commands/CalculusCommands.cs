using GraderHub.Grading.Expressions;

namespace GraderHub.Cli.Commands;

public static class CalculusCommands
{
    // `graderhub diff "sin(x^2)" --wrt x [--vars x,y]`
    public static int Diff(Arguments args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Positional.Count != 1 || args.Get("wrt") is not { } wrt)
        {
            stderr.WriteLine("usage: graderhub diff EXPR --wrt X [--vars a,b]");
            return 2;
        }
        var vars = args.List("vars").Append(wrt).Distinct().ToArray();
        if (!Parse(args.Positional[0], vars, stderr, out var e))
        {
            return 1;
        }
        var d = Differentiator.Differentiate(e, wrt);
        stdout.WriteLine(ExprPrinter.ToText(d));
        if (args.Flags.Contains("latex"))
        {
            stdout.WriteLine(ExprPrinter.ToLatex(d));
        }
        return 0;
    }

    // `graderhub taylor "exp(x)*cos(y)" --at x=0,y=0 --order 2`
    public static int Taylor(Arguments args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Positional.Count != 1 || args.Get("at") is null)
        {
            stderr.WriteLine("usage: graderhub taylor EXPR --at x=0,y=0 [--order N] [--vars a,b]");
            return 2;
        }
        var at = new Dictionary<string, Expr>(StringComparer.Ordinal);
        foreach (var item in args.List("at"))
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                stderr.WriteLine($"--at: '{item}' is not name=value.");
                return 2;
            }
            var name = item[..eq].Trim();
            if (!Parse(item[(eq + 1)..], [], stderr, out var value))
            {
                return 1;
            }
            at[name] = value;
        }
        var order = 2;
        if (args.Get("order") is { } orderText && !int.TryParse(orderText, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out order))
        {
            stderr.WriteLine("--order must be a whole number.");
            return 2;
        }
        var vars = args.List("vars").Concat(at.Keys).Distinct().ToArray();
        if (!Parse(args.Positional[0], vars, stderr, out var f))
        {
            return 1;
        }
        var result = GraderHub.Grading.Expressions.Taylor.Expand(f, at, order);
        if (result.Polynomial is null)
        {
            stderr.WriteLine(result.Error);
            return 1;
        }
        stdout.WriteLine(ExprPrinter.ToText(result.Polynomial));
        if (args.Flags.Contains("latex"))
        {
            stdout.WriteLine(ExprPrinter.ToLatex(result.Polynomial));
        }
        return 0;
    }

    private static bool Parse(string text, IReadOnlyList<string> vars, TextWriter stderr, out Expr e)
    {
        var outcome = MathExpression.Parse(text, vars);
        if (outcome.Expression is null)
        {
            stderr.WriteLine(outcome.Error!.WithCaret(text));
            e = Expr.Zero;
            return false;
        }
        e = outcome.Expression.Canonical;
        return true;
    }
}
