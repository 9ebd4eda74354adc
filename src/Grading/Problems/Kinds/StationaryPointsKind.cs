using GraderHub.Grading.Answers;
using GraderHub.Grading.Expressions;
using GraderHub.Grading.Solvers;

namespace GraderHub.Grading.Problems.Kinds;

internal enum StationaryAsk { Classify, Points, Minima, Maxima, Saddles, ClassAt }

// The critical points of f (grad f = 0) and the second-derivative test: every point with its class
// (minimum, maximum, saddle, inconclusive, from the Hessian's eigenvalues), the points alone or those
// of one class, or for a given point 'at' its class alone ("is this point a minimum?"). On
// 'domain' when given. hessian_nonsingular rejects a variant with a degenerate critical point.
internal sealed class StationaryPointsKind : ProblemKind
{
    public override string Name => "stationary_points";

    public override IReadOnlyList<string> Keys => ["ask", "at"];

    public override IReadOnlyList<string> NamedConditions => [Hessian.Nonsingular];

    public override KindSpec? Read(KindReader reader)
    {
        var ask = reader.Ask(Name, ("classify", StationaryAsk.Classify), ("points", StationaryAsk.Points), ("minima", StationaryAsk.Minima),
            ("maxima", StationaryAsk.Maxima), ("saddles", StationaryAsk.Saddles), ("class_at", StationaryAsk.ClassAt));
        if (reader.Variables.Count is < 1 or > 3)
        {
            reader.Error(reader.Get("variables"), "A stationary_points problem has one to three variables.");
        }
        var at = reader.Point(required: ask == StationaryAsk.ClassAt, "'ask: class_at' needs 'at', the critical point to classify, like { x: 0, y: 0 }.");
        if (at is not null && ask != StationaryAsk.ClassAt)
        {
            reader.Error(reader.Get("at"), "'at' applies to 'ask: class_at' only.");
        }
        return reader.Ok ? new StationarySpec(ask, at) : null;
    }
}

internal sealed record StationarySpec(StationaryAsk Ask, IReadOnlyDictionary<string, string>? At) : KindSpec
{
    public override SolverResult<KindAnswer> Build(VariantBuilder variant)
    {
        var vars = variant.Variables;
        var f = ExpressionFunctions.Scalar(variant.Function, vars);
        if (!f.Succeeded)
        {
            return Solver.Fail<KindAnswer>(f.Failure);
        }
        var tolerance = variant.Numeric;
        if (At is not null)
        {
            if (DerivativeArrays.PointOrNull(variant, At) is not { } point)
            {
                return VariantBuilder.Fail("the point is not a real number");
            }
            if (!StationaryPoints.IsStationary(f.Value, point))
            {
                return VariantBuilder.Fail("the gradient does not vanish at the point: it is not a critical point");
            }
            var facts = SymmetricMatrixFacts.Of(f.Value.HessianAt(point));
            if (!facts.Succeeded)
            {
                return Solver.Fail<KindAnswer>(facts.Failure);
            }
            if (variant.Has(Hessian.Nonsingular) && PointClasses.Of(facts.Value.Definiteness) == PointClass.Inconclusive)
            {
                return VariantBuilder.Fail("the Hessian is singular at the point");
            }
            variant.Placeholders["hessian"] = HessianLatex(f.Value, point, tolerance);
            return VariantBuilder.Ok(SolverAnswers.Classification([new ClassifiedPoint(point, PointClasses.Of(facts.Value.Definiteness))], vars.Count, tolerance, pointGiven: true),
                $"({string.Join(", ", vars.Select(v => ExprPrinter.ToText(variant.Parse(At[v], []))))}) is a");
        }
        var found = StationaryPoints.Find(vars.Count, f.Value, variant.Spec.InDomain);
        if (!found.Succeeded)
        {
            return Solver.Fail<KindAnswer>(found.Failure);
        }
        var points = found.Value.Select(p => new ClassifiedPoint(p.Point, PointClasses.Of(p.Hessian.Definiteness))).ToList();
        if (points.Count == 0)
        {
            return VariantBuilder.Fail("f has no critical point");
        }
        if (variant.Has(Hessian.Nonsingular) && points.Any(p => p.Class == PointClass.Inconclusive))
        {
            return VariantBuilder.Fail("a critical point is degenerate (singular Hessian)");
        }
        var scalar = f.Value;
        var domain = variant.Spec.InDomain;
        // A critical point the multistart missed is still right: Newton from the student's point
        // must reach a critical point within the tolerance of every coordinate.
        ClassifiedPoint? Near(IReadOnlyList<double> given) =>
            StationaryPoints.Near(scalar, [.. given], domain) is { } c && Points.Close(given, c.Point, tolerance)
                ? new ClassifiedPoint(c.Point, PointClasses.Of(c.Hessian.Definiteness)) : null;
        IReadOnlyList<IReadOnlyList<double>> Of(PointClass c) => [.. points.Where(p => p.Class == c).Select(p => p.Point)];
        var (answer, prefix) = Ask switch
        {
            StationaryAsk.Classify => (SolverAnswers.Classification(points, vars.Count, tolerance, pointGiven: false, Near), "critical points ="),
            StationaryAsk.Points => (SolverAnswers.PointSet([.. points.Select(p => p.Point)], vars.Count, tolerance, p => Near(p) is not null), "critical points ="),
            StationaryAsk.Minima => (SolverAnswers.PointSet(Of(PointClass.Minimum), vars.Count, tolerance, null), "local minima ="),
            StationaryAsk.Maxima => (SolverAnswers.PointSet(Of(PointClass.Maximum), vars.Count, tolerance, null), "local maxima ="),
            StationaryAsk.Saddles => (SolverAnswers.PointSet(Of(PointClass.Saddle), vars.Count, tolerance, null), "saddle points ="),
            StationaryAsk.ClassAt => throw new InvalidOperationException("class_at is read with 'at'"),
        };
        return VariantBuilder.Ok(answer, prefix);
    }

    private static string HessianLatex(ScalarFunction f, double[] point, NumericTolerance tolerance)
    {
        var h = f.HessianAt(point);
        var rows = Enumerable.Range(0, h.GetLength(0)).Select(i => (IReadOnlyList<double>)[.. Enumerable.Range(0, h.GetLength(1)).Select(j => h[i, j])]);
        return NumberDisplay.Matrix(rows, tolerance);
    }
}
