using System.Text;
using GraderHub.Grading.Answers;
using GraderHub.Grading.Equivalence;
using GraderHub.Grading.Expressions;
using GraderHub.Grading.Solvers;

namespace GraderHub.Grading.Problems.Kinds;

// d/d(wrt) of the function, graded as an expression with the derivative's diagnoses; with 'at',
// the derivative's value at the point, graded as a number.
internal class Derivative : ProblemKind
{
    public override string Name => "derivative";

    public override IReadOnlyList<string> Keys => ["wrt", "at"];

    public override KindSpec? Read(KindReader reader)
    {
        var wrt = reader.String("wrt", true) ?? "";
        if (wrt.Length > 0 && !reader.Variables.Contains(wrt))
        {
            reader.Error(reader.Get("wrt"), $"'wrt: {wrt}' is not one of the variables.");
        }
        var at = reader.Point(required: false, "");
        return reader.Ok ? new DerivativeSpec(wrt, at, Partial: this is PartialDerivative) : null;
    }
}

internal sealed record DerivativeSpec(string Wrt, IReadOnlyDictionary<string, string>? At, bool Partial) : KindSpec
{
    public override SolverResult<KindAnswer> Build(VariantBuilder variant)
    {
        var derivative = Differentiator.Differentiate(variant.Function, Wrt);
        var name = Partial || variant.Variables.Count > 1 ? $"∂f/∂{Wrt}" : $"f'({variant.Variables[0]})";
        if (At is null)
        {
            var answer = ExpressionKinds.Answer(variant, derivative, [variant.Function],
                (reference, given, ct) => Diagnoser.Diagnose(reference, given, variant.Function, Wrt, ct), "derivative");
            return VariantBuilder.Ok(answer, name + " =");
        }
        var point = variant.Point(At);
        if (!point.All(double.IsFinite))
        {
            return VariantBuilder.Fail("the point is not a real number");
        }
        variant.PlacePoint("at", variant.Variables.Select(v => At[v]));
        var value = variant.Evaluate(derivative, point);
        if (!double.IsFinite(value))
        {
            return VariantBuilder.Fail("the derivative is not defined at the point");
        }
        var at = string.Join(", ", variant.Variables.Select(v => ExprPrinter.ToText(variant.Parse(At[v], []))));
        var prefix = Partial || variant.Variables.Count > 1 ? $"{name} at ({at}) =" : $"f'({at}) =";
        return VariantBuilder.Ok(SolverAnswers.Number(value, variant.Exact), prefix);
    }

    public override string? WorkedSolution(VariantBuilder variant)
    {
        var md = new StringBuilder();
        WorkedSolutions.Derivative(md, variant.Function, Wrt, Partial || variant.Variables.Count > 1);
        if (At is not null)
        {
            var point = variant.Point(At);
            var value = variant.Evaluate(Differentiator.Differentiate(variant.Function, Wrt), point);
            WorkedSolutions.Value(md, "the derivative", point, variant.Variables, WorkedSolutions.Number(value));
        }
        return md.ToString();
    }
}
