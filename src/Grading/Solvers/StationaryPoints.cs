using System.Collections.Immutable;

namespace GraderHub.Grading.Solvers;

// A point where grad f = 0, with what the Hessian there says (determinant, eigenvalues, definiteness).
public sealed record StationaryPoint(ImmutableArray<double> Point, double Value, SymmetricMatrixFacts Hessian);

// The critical points of a smooth f: Newton's method on grad f = 0 from deterministic starting
// points spread over boxes of several sizes (the same quasi-random starts as the Lagrange solver),
// each converged point classified by its exact Hessian. Domain, when given, bounds where points are
// visited and reported.
public static class StationaryPoints
{
    private const int NewtonIterations = 80;
    private const int MaxPoints = 32;
    private static readonly double[] Scales = [0.5, 1.5, 4, 12];

    public static SolverResult<IReadOnlyList<StationaryPoint>> Find(int dimension, ScalarFunction f, Func<double[], bool>? domain = null, int startsPerScale = 30)
    {
        if (dimension < 1)
        {
            return Solver.Fail<IReadOnlyList<StationaryPoint>>(SolverFailureKind.InvalidInput, "need at least one variable");
        }

        var found = new List<StationaryPoint>();
        foreach (var start in LagrangeMultipliers.StartingPoints(dimension, Scales, startsPerScale))
        {
            if (Converge(f, start, domain) is not { } point || found.Any(p => Same(p.Point.AsSpan(), point)))
            {
                continue;
            }

            var facts = SymmetricMatrixFacts.Of(f.HessianAt(point));
            if (!facts.Succeeded)
            {
                continue;
            }

            found.Add(new StationaryPoint(Vectors.Freeze(point), f.Value(point), facts.Value));
            if (found.Count > MaxPoints)
            {
                return Solver.Fail<IReadOnlyList<StationaryPoint>>(SolverFailureKind.Singular, $"more than {Feedback.Wording.Count(MaxPoints, "critical point")}: they are not isolated");
            }
        }

        return Solver.Ok<IReadOnlyList<StationaryPoint>>([.. found.OrderBy(p => p.Point, LagrangeMultipliers.LexicographicComparer.Instance)]);
    }

    // The critical point Newton's method reaches from a given point (a student's), or null.
    public static StationaryPoint? Near(ScalarFunction f, double[] point, Func<double[], bool>? domain = null)
    {
        if (Converge(f, point, domain) is not { } x || SymmetricMatrixFacts.Of(f.HessianAt(x)) is not { Succeeded: true } facts)
        {
            return null;
        }

        return new StationaryPoint(Vectors.Freeze(x), f.Value(x), facts.Value);
    }

    // Whether grad f vanishes at x, on the scale of f's curvature there.
    public static bool IsStationary(ScalarFunction f, double[] x)
    {
        var g = f.Gradient(x);
        if (!Vectors.AllFinite(g))
        {
            return false;
        }

        var h = f.HessianAt(x);
        var curvature = 0.0;
        foreach (var v in h)
        {
            curvature = Math.Max(curvature, Math.Abs(v));
        }

        return Vectors.NormInf(g) <= 1e-9 * Math.Max(1, curvature * (1 + Vectors.NormInf(x)));
    }

    // Newton on grad f = 0 with backtracking on |grad f|; null when it does not converge in the domain.
    private static double[]? Converge(ScalarFunction f, double[] start, Func<double[], bool>? domain)
    {
        var x = start;
        if (!Inside(x, domain))
        {
            return null;
        }

        var g = f.Gradient(x);
        for (var k = 0; k < NewtonIterations && Vectors.AllFinite(g); k++)
        {
            var step = Vectors.SolveOrNull(f.HessianAt(x), g, 1e14);
            if (step is null)
            {
                return null;
            }

            var before = Vectors.Norm2(g);
            var moved = false;
            var t = 1.0;
            for (var b = 0; b < 30 && !moved; b++, t /= 2)
            {
                var next = x.Select((v, i) => v - (t * step[i])).ToArray();
                var gn = f.Gradient(next);
                if (Inside(next, domain) && Vectors.AllFinite(gn) && Vectors.Norm2(gn) <= before)
                {
                    (x, g, moved) = (next, gn, true);
                }
            }

            if (!moved || Vectors.NormInf(step) <= 1e-15 * (1 + Vectors.NormInf(x)))
            {
                break;
            }
        }

        if (!Vectors.AllFinite(x) || !IsStationary(f, x) || Vectors.NormInf(x) > 1e6)
        {
            return null;
        }

        // Rounding noise (1e-18 for an exact 0) is not part of the answer.
        var scale = 1 + Vectors.NormInf(x);
        for (var i = 0; i < x.Length; i++)
        {
            if (Math.Abs(x[i]) <= 1e-14 * scale)
            {
                x[i] = 0;
            }
        }

        return Inside(x, domain) ? x : null;
    }

    private static bool Inside(double[] x, Func<double[], bool>? domain) => Vectors.AllFinite(x) && (domain is null || domain(x));

    private static bool Same(ReadOnlySpan<double> a, double[] b)
    {
        var distance = 0.0;
        for (var i = 0; i < b.Length; i++)
        {
            distance = Math.Max(distance, Math.Abs(a[i] - b[i]));
        }

        return distance <= 1e-6 * (1 + Vectors.NormInf(b));
    }
}
