using System.Collections.Immutable;

namespace GraderHub.Grading.Solvers;

// A smooth scalar function of the unknowns. The Hessian is optional: without it the solver
// differentiates the gradient numerically, which costs accuracy in the Newton matrix only, not in
// the converged point (that is fixed by the residual, which uses the exact gradient).
public sealed record ScalarFunction(
    Func<double[], double> Value,
    Func<double[], double[]> Gradient,
    Func<double[], double[,]>? Hessian = null)
{
    internal double[,] HessianAt(double[] x) => Hessian?.Invoke(x) ?? FiniteDifferences.HessianFromGradient(Gradient, x);
}

// Extremise Objective subject to Constraints[i](x) = 0. Domain, when given, says where the
// functions are defined (e.g. x > 0 for a log); points outside it are never visited or reported.
public sealed record LagrangeProblem(
    int Dimension,
    ScalarFunction Objective,
    IReadOnlyList<ScalarFunction> Constraints,
    Func<double[], bool>? Domain = null);

// Scales are the radii of the boxes the deterministic starting points fill; the defaults cover
// the course's problems (unit circles to constraints like x + y = 100).
public sealed record LagrangeOptions(
    IReadOnlyList<double>? Scales = null,
    int StartsPerScale = 40,
    double Tolerance = 1e-10,
    int MaxCriticalPoints = 64)
{
    internal IReadOnlyList<double> ScalesOrDefault => Scales ?? [0.3, 1, 3, 10, 100];
}

// grad f = sum_i lambda_i grad g_i at Point, with f(Point) = Value.
public sealed record ConstrainedCriticalPoint(ImmutableArray<double> Point, ImmutableArray<double> Multipliers, double Value);

// Max and Min are null when the objective is unbounded or its supremum is not attained on the
// constraint set: then some feasible point beats every critical value.
public sealed record LagrangeSolution(
    ImmutableArray<ConstrainedCriticalPoint> CriticalPoints,
    double? Max,
    double? Min,
    ImmutableArray<ConstrainedCriticalPoint> ArgMax,
    ImmutableArray<ConstrainedCriticalPoint> ArgMin);

public sealed record LagrangeCheck(bool Satisfied, double ConstraintResidual, double StationarityResidual, ImmutableArray<double> Multipliers, string Reason);

public static class LagrangeMultipliers
{
    private const int ProjectionIterations = 60;
    private const int NewtonIterations = 60;
    private const int Backtracks = 30;
    private static readonly double[] FarScales = [1e3, 1e5];

    public static SolverResult<LagrangeSolution> Solve(LagrangeProblem problem, LagrangeOptions? options = null)
    {
        options ??= new LagrangeOptions();
        var n = problem.Dimension;
        var m = problem.Constraints.Count;
        if (n < 1 || m < 1 || m >= n)
        {
            return Solver.Fail<LagrangeSolution>(SolverFailureKind.InvalidInput, "need at least one constraint and fewer constraints than unknowns");
        }

        var found = new List<ConstrainedCriticalPoint>();
        var feasibleValues = new List<double>();
        var degenerate = false;
        foreach (var start in StartingPoints(n, options.ScalesOrDefault, options.StartsPerScale))
        {
            if (Project(problem, start) is not { } feasible)
            {
                continue;
            }

            AddFinite(feasibleValues, problem.Objective.Value(feasible));
            var (critical, isDegenerate) = Kkt(problem, feasible, options.Tolerance);
            degenerate |= isDegenerate;
            if (critical is not null)
            {
                Merge(found, critical);
                if (found.Count > options.MaxCriticalPoints)
                {
                    return Solver.Fail<LagrangeSolution>(SolverFailureKind.Singular, $"more than {Feedback.Wording.Count(options.MaxCriticalPoints, "critical point")}: they are not isolated (f may be constant along the constraint)");
                }
            }
        }

        if (found.Count == 0)
        {
            if (degenerate)
            {
                return Solver.Fail<LagrangeSolution>(SolverFailureKind.Singular, "the critical points found are degenerate, not isolated (f may be constant along the constraint)");
            }

            return feasibleValues.Count == 0
                ? Solver.Fail<LagrangeSolution>(SolverFailureKind.Infeasible, "no point satisfying the constraints was found")
                : Solver.Fail<LagrangeSolution>(SolverFailureKind.DidNotConverge, "the constraints are satisfiable but no critical point was found");
        }

        // Far-away feasible points tell an unbounded constraint set (a plane) from a compact one.
        foreach (var start in StartingPoints(n, FarScales, options.StartsPerScale))
        {
            if (Project(problem, start) is { } feasible)
            {
                AddFinite(feasibleValues, problem.Objective.Value(feasible));
            }
        }

        var points = found.OrderBy(p => p.Point, LexicographicComparer.Instance).ToImmutableArray();
        var max = points.Max(p => p.Value);
        var min = points.Min(p => p.Value);
        var slackMax = 1e-7 * (1 + Math.Abs(max));
        var slackMin = 1e-7 * (1 + Math.Abs(min));
        var maxAttained = feasibleValues.All(v => v <= max + slackMax);
        var minAttained = feasibleValues.All(v => v >= min - slackMin);
        return Solver.Ok(new LagrangeSolution(
            points,
            maxAttained ? max : null,
            minAttained ? min : null,
            maxAttained ? points.Where(p => p.Value >= max - slackMax).ToImmutableArray() : [],
            minAttained ? points.Where(p => p.Value <= min + slackMin).ToImmutableArray() : []));
    }

    // f undefined at a feasible point (x log x for x < 0) says nothing about the extrema where it is
    // defined: a NaN there must not make every comparison false.
    private static void AddFinite(List<double> values, double v)
    {
        if (double.IsFinite(v))
        {
            values.Add(v);
        }
    }

    // The critical point Newton's method on the Lagrange system reaches from a given point (a
    // student's), or null. The caller decides whether it is close enough, per coordinate, for the
    // given point to count as that critical point: residuals alone are looser than a coordinate
    // tolerance wherever a coordinate is 0.
    public static ConstrainedCriticalPoint? CriticalPointNear(LagrangeProblem problem, IReadOnlyList<double> point, LagrangeOptions? options = null)
    {
        options ??= new LagrangeOptions();
        var x = point.ToArray();
        if (x.Length != problem.Dimension || !InDomain(problem, x) || Project(problem, x) is not { } feasible)
        {
            return null;
        }

        return Kkt(problem, feasible, options.Tolerance).Point;
    }

    // Minimum, maximum, saddle or inconclusive, by the Hessian of the Lagrangian f - lambda . g on
    // the tangent space of the constraints (the bordered-Hessian test).
    public static SolverResult<SymmetricMatrixFacts> Classify(LagrangeProblem problem, ConstrainedCriticalPoint critical)
    {
        var x = critical.Point.ToArray();
        var n = problem.Dimension;
        var m = problem.Constraints.Count;
        var h = problem.Objective.HessianAt(x);
        for (var c = 0; c < m; c++)
        {
            var hc = problem.Constraints[c].HessianAt(x);
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    h[i, j] -= critical.Multipliers[c] * hc[i, j];
                }
            }
        }

        var g = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(ConstraintJacobian(problem, x));
        // The right singular vectors beyond the rank span the null space of G: the tangent space.
        var svd = g.Svd(computeVectors: true);
        var tangent = svd.VT.Transpose().SubMatrix(0, n, m, n - m);
        var hessian = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(h);
        var reduced = tangent.Transpose() * hessian * tangent;
        var symmetric = (reduced + reduced.Transpose()) / 2;
        return SymmetricMatrixFacts.Of(symmetric.ToArray());
    }

    // Accepts any point that satisfies g = 0 and grad f = sum lambda_i grad g_i within tolerance,
    // not only the points the solver found. The multipliers are fitted by least squares, so the
    // student need not give them. Residuals are scaled so that a point rounded to k significant
    // digits has residuals of about 10^-k whatever the size of the problem.
    public static LagrangeCheck Check(LagrangeProblem problem, IReadOnlyList<double> point, double tolerance)
    {
        var x = point.ToArray();
        if (x.Length != problem.Dimension || !Vectors.AllFinite(x))
        {
            return new LagrangeCheck(false, double.NaN, double.NaN, [], $"expected a point with {problem.Dimension} finite coordinates");
        }

        if (problem.Domain is { } domain && !domain(x))
        {
            return new LagrangeCheck(false, double.NaN, double.NaN, [], "the point is outside the domain of the functions");
        }

        var size = Math.Max(1, Vectors.NormInf(x));
        var constraintResidual = 0.0;
        foreach (var g in problem.Constraints)
        {
            var scale = Math.Max(1, Vectors.Norm2(g.Gradient(x)) * size);
            constraintResidual = Math.Max(constraintResidual, Math.Abs(g.Value(x)) / scale);
        }

        var gradF = problem.Objective.Gradient(x);
        var lambda = FitMultipliers(problem, x, gradF);
        if (lambda is null)
        {
            return new LagrangeCheck(false, constraintResidual, double.NaN, [], "the constraint gradients are linearly dependent at the point");
        }

        var stationarity = Vectors.Norm2(Stationarity(problem, x, gradF, lambda)) / Math.Max(1, Vectors.Norm2(gradF));
        var ok = constraintResidual <= tolerance && stationarity <= tolerance && double.IsFinite(stationarity);
        var reason = ok ? "satisfies the Lagrange conditions"
            : constraintResidual > tolerance ? "the point does not satisfy the constraint"
            : "grad f is not a combination of the constraint gradients at the point";
        return new LagrangeCheck(ok, constraintResidual, stationarity, Vectors.Freeze(lambda), reason);
    }

    // Deterministic quasi-random points (Halton) in boxes of several sizes, plus the origin.
    internal static IEnumerable<double[]> StartingPoints(int n, IReadOnlyList<double> scales, int perScale)
    {
        yield return new double[n];
        var index = 1;
        foreach (var scale in scales)
        {
            for (var k = 0; k < perScale; k++, index++)
            {
                var p = new double[n];
                for (var d = 0; d < n; d++)
                {
                    p[d] = scale * ((2 * Halton(index, Primes[d % Primes.Length] + (d / Primes.Length))) - 1);
                }

                yield return p;
            }
        }
    }

    private static readonly int[] Primes = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];

    private static double Halton(int index, int radix)
    {
        var result = 0.0;
        var f = 1.0 / radix;
        for (var i = index; i > 0; i /= radix, f /= radix)
        {
            result += f * (i % radix);
        }

        return result;
    }

    // Gauss-Newton with minimum-norm steps onto {g = 0}: lands near the start, so starts spread
    // over a box give feasible points spread over the constraint set.
    private static double[]? Project(LagrangeProblem problem, double[] start)
    {
        var x = start;
        if (!InDomain(problem, x))
        {
            return null;
        }

        var g = ConstraintValues(problem, x);
        for (var k = 0; k < ProjectionIterations && g is not null; k++)
        {
            var size = 1 + Vectors.NormInf(x);
            if (Vectors.NormInf(g) <= 1e-13 * size)
            {
                return x;
            }

            var jac = ConstraintJacobian(problem, x);
            var y = Vectors.SolveOrNull(MultiplyTranspose(jac), g);
            if (y is null)
            {
                return null;
            }

            var step = TransposeTimes(jac, y);
            bool moved;
            (x, g, moved) = Backtrack(problem, x, g, step, z => ConstraintValues(problem, z));
            if (!moved)
            {
                break;
            }
        }

        return g is not null && Vectors.NormInf(g) <= 1e-11 * (1 + Vectors.NormInf(x)) ? x : null;
    }

    // Newton on the full system grad f - G^T lambda = 0, g = 0 in (x, lambda), from a feasible
    // point and the least-squares multipliers there.
    private static (ConstrainedCriticalPoint? Point, bool Degenerate) Kkt(LagrangeProblem problem, double[] feasible, double tolerance)
    {
        var n = problem.Dimension;
        var m = problem.Constraints.Count;
        var lambda = FitMultipliers(problem, feasible, problem.Objective.Gradient(feasible));
        if (lambda is null)
        {
            return (null, false);
        }

        var z = feasible.Concat(lambda).ToArray();
        var r = Residual(problem, z);
        for (var k = 0; k < NewtonIterations && r is not null; k++)
        {
            var x = z[..n];
            var l = z[n..];
            var size = 1 + Vectors.NormInf(z);
            if (Vectors.NormInf(r) <= 1e-14 * size)
            {
                break;
            }

            var matrix = KktMatrix(problem, x, l);
            var step = Vectors.SolveOrNull(matrix, r);
            if (step is null)
            {
                return (null, false);
            }

            bool moved;
            (z, r, moved) = Backtrack(problem, z, r, step, w => Residual(problem, w));
            if (!moved || Vectors.NormInf(step) <= 1e-15 * size)
            {
                break;
            }
        }

        if (r is null)
        {
            return (null, false);
        }

        var point = z[..n];
        // Rounding noise (1e-18 for an exact 0) is not part of the answer.
        var scale = 1 + Vectors.NormInf(point);
        for (var i = 0; i < n; i++)
        {
            if (Math.Abs(point[i]) <= 1e-14 * scale)
            {
                point[i] = 0;
            }
        }

        if (!InDomain(problem, point) || !Check(problem, point, tolerance).Satisfied)
        {
            return (null, false);
        }

        // A singular system at the solution means the point is not an isolated, non-degenerate
        // critical point: f constant along the constraint, or f and its derivatives underflowing
        // to zero far out (exp(x y) where x y -> -inf), where every point passes the test.
        var multipliers = z[n..];
        if (Vectors.SolveOrNull(KktMatrix(problem, point, multipliers), new double[n + m], 1e12) is null)
        {
            return (null, true);
        }

        return (new ConstrainedCriticalPoint(Vectors.Freeze(point), Vectors.Freeze(multipliers), problem.Objective.Value(point)), false);
    }

    // The Jacobian of (grad f - G^T lambda, g) in (x, lambda).
    private static double[,] KktMatrix(LagrangeProblem problem, double[] x, double[] l)
    {
        var n = problem.Dimension;
        var m = problem.Constraints.Count;
        var matrix = new double[n + m, n + m];
        var h = problem.Objective.HessianAt(x);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                matrix[i, j] = h[i, j];
            }
        }

        for (var c = 0; c < m; c++)
        {
            var constraint = problem.Constraints[c];
            var hc = constraint.HessianAt(x);
            var gc = constraint.Gradient(x);
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    matrix[i, j] -= l[c] * hc[i, j];
                }

                matrix[i, n + c] = -gc[i];
                matrix[n + c, i] = gc[i];
            }
        }

        return matrix;
    }

    // Takes x - t*step for the largest t in 1, 1/2, 1/4, ... that stays in the domain and does
    // not increase the residual; with no such t the point stays where it is (at a solution the
    // residual is rounding noise and cannot decrease: the caller then judges what it has).
    private static (double[] X, double[] Residual, bool Moved) Backtrack(
        LagrangeProblem problem, double[] x, double[] current, double[] step, Func<double[], double[]?> residual)
    {
        var before = Vectors.Norm2(current);
        var t = 1.0;
        for (var b = 0; b < Backtracks; b++, t /= 2)
        {
            var next = new double[x.Length];
            for (var i = 0; i < x.Length; i++)
            {
                next[i] = x[i] - (t * step[i]);
            }

            if (!InDomain(problem, next[..problem.Dimension]))
            {
                continue;
            }

            var r = residual(next);
            if (r is not null && Vectors.Norm2(r) <= before)
            {
                return (next, r, true);
            }
        }

        return (x, current, false);
    }

    private static bool InDomain(LagrangeProblem problem, double[] x) =>
        Vectors.AllFinite(x) && (problem.Domain is null || problem.Domain(x));

    private static double[]? Residual(LagrangeProblem problem, double[] z)
    {
        var n = problem.Dimension;
        var x = z[..n];
        var g = ConstraintValues(problem, x);
        var gradF = problem.Objective.Gradient(x);
        if (g is null || !Vectors.AllFinite(gradF))
        {
            return null;
        }

        var stationarity = Stationarity(problem, x, gradF, z[n..]);
        var r = stationarity.Concat(g).ToArray();
        return Vectors.AllFinite(r) ? r : null;
    }

    private static double[] Stationarity(LagrangeProblem problem, double[] x, double[] gradF, double[] lambda)
    {
        var s = (double[])gradF.Clone();
        for (var c = 0; c < lambda.Length; c++)
        {
            var gc = problem.Constraints[c].Gradient(x);
            for (var i = 0; i < s.Length; i++)
            {
                s[i] -= lambda[c] * gc[i];
            }
        }

        return s;
    }

    private static double[]? FitMultipliers(LagrangeProblem problem, double[] x, double[] gradF)
    {
        var jac = ConstraintJacobian(problem, x);
        return Vectors.SolveOrNull(MultiplyTranspose(jac), Times(jac, gradF));
    }

    private static double[]? ConstraintValues(LagrangeProblem problem, double[] x)
    {
        var g = problem.Constraints.Select(c => c.Value(x)).ToArray();
        return Vectors.AllFinite(g) ? g : null;
    }

    private static double[,] ConstraintJacobian(LagrangeProblem problem, double[] x)
    {
        var m = problem.Constraints.Count;
        var jac = new double[m, x.Length];
        for (var c = 0; c < m; c++)
        {
            var gc = problem.Constraints[c].Gradient(x);
            for (var i = 0; i < x.Length; i++)
            {
                jac[c, i] = gc[i];
            }
        }

        return jac;
    }

    // G G^T for the m x n constraint Jacobian G.
    private static double[,] MultiplyTranspose(double[,] g)
    {
        var m = g.GetLength(0);
        var n = g.GetLength(1);
        var r = new double[m, m];
        for (var a = 0; a < m; a++)
        {
            for (var b = 0; b < m; b++)
            {
                for (var i = 0; i < n; i++)
                {
                    r[a, b] += g[a, i] * g[b, i];
                }
            }
        }

        return r;
    }

    private static double[] Times(double[,] g, double[] v)
    {
        var r = new double[g.GetLength(0)];
        for (var a = 0; a < r.Length; a++)
        {
            for (var i = 0; i < v.Length; i++)
            {
                r[a] += g[a, i] * v[i];
            }
        }

        return r;
    }

    private static double[] TransposeTimes(double[,] g, double[] y)
    {
        var r = new double[g.GetLength(1)];
        for (var a = 0; a < y.Length; a++)
        {
            for (var i = 0; i < r.Length; i++)
            {
                r[i] += g[a, i] * y[a];
            }
        }

        return r;
    }

    private static void Merge(List<ConstrainedCriticalPoint> found, ConstrainedCriticalPoint candidate)
    {
        var size = 1 + Vectors.NormInf(candidate.Point.AsSpan());
        foreach (var existing in found)
        {
            var distance = 0.0;
            for (var i = 0; i < existing.Point.Length; i++)
            {
                distance = Math.Max(distance, Math.Abs(existing.Point[i] - candidate.Point[i]));
            }

            if (distance <= 1e-7 * size)
            {
                return;
            }
        }

        found.Add(candidate);
    }

    internal sealed class LexicographicComparer : IComparer<ImmutableArray<double>>
    {
        public static readonly LexicographicComparer Instance = new();

        public int Compare(ImmutableArray<double> a, ImmutableArray<double> b)
        {
            for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                var c = a[i].CompareTo(b[i]);
                if (c != 0)
                {
                    return c;
                }
            }

            return a.Length.CompareTo(b.Length);
        }
    }
}
