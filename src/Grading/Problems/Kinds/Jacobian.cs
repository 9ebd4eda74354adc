using System.Text;
using GraderHub.Grading.Expressions;
using GraderHub.Grading.Solvers;

namespace GraderHub.Grading.Problems.Kinds;

// 'components' (instead of 'function'): row i of the answer holds the partial derivatives of
// component i; with 'at', numbers.
internal sealed class Jacobian : ProblemKind
{
    public override string Name => "jacobian";

    public override IReadOnlyList<string> Keys => ["components", "at"];

    public override FunctionRole Function => FunctionRole.None;

    public override KindSpec? Read(KindReader reader)
    {
        var components = reader.StringList("components", true);
        if (components.Count == 0 || !reader.Expressions("components", components, reader.All))
        {
            return null;
        }
        var at = reader.Point(required: false, "");
        return reader.Ok ? new JacobianSpec(components, at) : null;
    }
}

internal sealed record JacobianSpec(IReadOnlyList<string> Components, IReadOnlyDictionary<string, string>? At) : KindSpec
{
    public override SolverResult<KindAnswer> Build(VariantBuilder variant)
    {
        var components = Components.Select(c => variant.Parse(c, variant.Variables)).ToList();
        variant.Placeholders["components"] = @"\begin{pmatrix} " + string.Join(@" \\ ", components.Select(ExprPrinter.ToLatex)) + @" \end{pmatrix}";
        variant.Placeholders["f"] = variant.Placeholders["components"];
        return DerivativeArrays.Matrix(variant, Differentiator.Jacobian(components, variant.Variables), At, "Jacobian", "J =");
    }

    public override string? WorkedSolution(VariantBuilder variant)
    {
        var components = Components.Select(c => variant.Parse(c, variant.Variables)).ToList();
        var md = new StringBuilder("Row $i$ of the Jacobian holds the partial derivatives of component $i$, one column per variable.\n\n");
        foreach (var (component, i) in components.Select((c, i) => (c, i + 1)))
        {
            md.Append("**Row ").Append(i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("**, $f_").Append(i.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Append(" = ").Append(ExprPrinter.ToLatex(component)).Append("$:\n\n");
            foreach (var v in variant.Variables)
            {
                WorkedSolutions.Derivative(md, component, v, partial: true);
            }
        }
        var jacobian = Differentiator.Jacobian(components, variant.Variables);
        WorkedSolutions.MatrixResult(md, "J", jacobian, variant, At);
        return md.ToString();
    }
}
