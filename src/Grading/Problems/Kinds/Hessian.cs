using System.Text;
using GraderHub.Grading.Expressions;
using GraderHub.Grading.Solvers;

namespace GraderHub.Grading.Problems.Kinds;

// The matrix of second partial derivatives; with 'at', numbers. hessian_nonsingular rejects a
// variant whose Hessian at the point is singular (a degenerate critical point).
internal sealed class Hessian : ProblemKind
{
    public const string Nonsingular = "hessian_nonsingular";

    public override string Name => "hessian";

    public override IReadOnlyList<string> Keys => ["at"];

    public override IReadOnlyList<string> NamedConditions => [Nonsingular];

    public override KindSpec? Read(KindReader reader)
    {
        var at = reader.Point(required: false, "");
        return reader.Ok ? new HessianSpec(at) : null;
    }
}

internal sealed record HessianSpec(IReadOnlyDictionary<string, string>? At) : KindSpec
{
    public override SolverResult<KindAnswer> Build(VariantBuilder variant)
    {
        var hessian = Differentiator.Hessian(variant.Function, variant.Variables);
        if (At is not null && variant.Has(Hessian.Nonsingular))
        {
            var point = variant.Point(At);
            var m = hessian.Select(r => r.Select(e => variant.Evaluate(e, point)).ToArray()).ToArray();
            if (Math.Abs(Determinant(m)) <= 1e-9 * Math.Max(1, m.SelectMany(r => r).Select(Math.Abs).DefaultIfEmpty(0).Max()))
            {
                return VariantBuilder.Fail("the Hessian is singular at the point");
            }
        }
        return DerivativeArrays.Matrix(variant, hessian, At, "Hessian", "H =");
    }

    public override string? WorkedSolution(VariantBuilder variant)
    {
        var f = variant.Function;
        var md = new StringBuilder("First the partial derivatives, then each of them differentiated again.\n\n");
        var first = variant.Variables.Select(v => Differentiator.Differentiate(f, v)).ToList();
        foreach (var v in variant.Variables)
        {
            WorkedSolutions.Derivative(md, f, v, partial: true);
        }
        // Mixed partials of these functions agree (Schwarz), so the lower triangle mirrors the upper.
        md.Append("Second derivatives (the Hessian is symmetric, so each mixed partial is computed once):\n\n");
        for (var a = 0; a < variant.Variables.Count; a++)
        {
            for (var b = a; b < variant.Variables.Count; b++)
            {
                WorkedSolutions.Derivative(md, first[a], variant.Variables[b], partial: true);
            }
        }
        var hessian = Differentiator.Hessian(f, variant.Variables);
        WorkedSolutions.MatrixResult(md, "H", hessian, variant, At);
        return md.ToString();
    }

    private static double Determinant(double[][] m)
    {
        var n = m.Length;
        var a = m.Select(r => r.ToArray()).ToArray();
        var det = 1.0;
        for (var c = 0; c < n; c++)
        {
            var pivot = Enumerable.Range(c, n - c).MaxBy(r => Math.Abs(a[r][c]));
            if (a[pivot][c] == 0)
            {
                return 0;
            }
            if (pivot != c)
            {
                (a[pivot], a[c]) = (a[c], a[pivot]);
                det = -det;
            }
            det *= a[c][c];
            for (var r = c + 1; r < n; r++)
            {
                var factor = a[r][c] / a[c][c];
                for (var k = c; k < n; k++)
                {
                    a[r][k] -= factor * a[c][k];
                }
            }
        }
        return det;
    }
}
