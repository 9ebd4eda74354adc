using System.Globalization;
using GraderHub.Grading.Answers;
using GraderHub.Grading.Solvers;

namespace GraderHub.Grading.Problems.Kinds;

internal enum NewtonAsk { Iterates, Root }

// Newton-Raphson on f(x) from 'start': the iterates x1..xn (each checked from the student's own
// previous value) or the root. root_near_start rejects a variant whose iteration runs far away.
internal sealed class Newton : ProblemKind
{
    public const string RootNearStart = "root_near_start";

    public override string Name => "newton";

    public override IReadOnlyList<string> Keys => ["start", "steps", "ask"];

    public override IReadOnlyList<string> NamedConditions => [RootNearStart];

    public override KindSpec? Read(KindReader reader)
    {
        var ask = reader.Ask(Name, ("iterates", NewtonAsk.Iterates), ("root", NewtonAsk.Root));
        var start = reader.ConstantList("start", true);
        if (reader.Variables.Count != 1)
        {
            reader.Error(reader.Get("variables"), "A newton problem has one variable.");
        }
        else if (start.Count != 1)
        {
            reader.Error(reader.Get("start") ?? reader.Map, "'start' needs one value per variable (1).");
        }
        // A student types every iterate, so a sequence stays short.
        var steps = reader.Steps(required: ask == NewtonAsk.Iterates, max: 50);
        return reader.Ok ? new NewtonSpec(start, steps, ask) : null;
    }

    public static string Prefix(NewtonAsk ask, int steps, bool vector) => ask switch
    {
        NewtonAsk.Iterates => $"{(vector ? "𝐱" : "x")}₁, …, {(vector ? "𝐱" : "x")}{Subscript(steps)} =",
        NewtonAsk.Root => $"{(vector ? "𝐱" : "x")}* =",
    };

    public static string Subscript(int n) =>
        string.Concat(n.ToString(CultureInfo.InvariantCulture).Select(c => (char)('₀' + (c - '0'))));
}

internal sealed record NewtonSpec(IReadOnlyList<string> Start, int Steps, NewtonAsk Ask) : KindSpec
{
    public override SolverResult<KindAnswer> Build(VariantBuilder variant)
    {
        variant.PlacePoint("start", Start);
        variant.Placeholders["x0"] = variant.Placeholders["start"];
        variant.Placeholders["steps"] = Steps.ToString(CultureInfo.InvariantCulture);
        var f = variant.Function;
        var x0 = variant.Number(Start[0]);
        var x = variant.Variables[0];
        if (variant.Has(Newton.RootNearStart) || Ask == NewtonAsk.Root)
        {
            // The course's iterates are meaningful only when Newton converges from x0 to a root close by.
            var fn = ExpressionFunctions.Univariate(f, x);
            if (!fn.Succeeded)
            {
                return Solver.Fail<KindAnswer>(fn.Failure);
            }
            var root = NewtonRaphson.FindRoot(fn.Value.Value, fn.Value.Derivative, x0);
            if (!root.Succeeded)
            {
                return Solver.Fail<KindAnswer>(root.Failure);
            }
            if (Math.Abs(root.Value.Root - x0) > 2 * Math.Max(1, Math.Abs(x0)))
            {
                return VariantBuilder.Fail("the root Newton's method reaches is far from x0");
            }
        }
        var answer = Ask switch
        {
            NewtonAsk.Root => SolverAnswers.NewtonRoot(f, x, x0, variant.Numeric),
            NewtonAsk.Iterates => SolverAnswers.NewtonIterates(f, x, x0, Steps, variant.Numeric),
        };
        return VariantBuilder.From(answer, Newton.Prefix(Ask, Steps, vector: false));
    }
}
