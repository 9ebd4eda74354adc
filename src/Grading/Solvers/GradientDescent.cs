using System.Collections.Immutable;

namespace GraderHub.Grading.Solvers;

public sealed record DescentSteps(
    ImmutableArray<double> Start,
    ImmutableArray<ImmutableArray<double>> Iterates,
    double ValueAtLast)
{
    public ImmutableArray<double> Last => Iterates.IsEmpty ? Start : Iterates[^1];
}

public sealed record DescentMinimum(ImmutableArray<double> Point, double Value, double GradientNorm, int Iterations);

public sealed record DescentOptions(int MaxIterations = 1_000_000, double GradientTolerance = 1e-11, double DivergenceBound = 1e150);

// p_{k+1} = p_k - eta * grad f(p_k), the fixed-rate iteration of the course.
public static class GradientDescent
{
    public static SolverResult<DescentSteps> Iterate(
        Func<double[], double> f, Func<double[], double[]> gradient, IReadOnlyList<double> start, double learningRate, int steps)
    {
        if (Validate(start, learningRate) is not null || steps < 0)
        {
            return Solver.Fail<DescentSteps>(SolverFailureKind.InvalidInput, "need a finite start, a positive finite learning rate and a non-negative number of steps");
        }

        var points = ImmutableArray.CreateBuilder<ImmutableArray<double>>(steps);
        var p = start.ToArray();
        for (var k = 0; k < steps; k++)
        {
            var g = gradient(p);
            if (g.Length != p.Length || !Vectors.AllFinite(g))
            {
                return Solver.Fail<DescentSteps>(SolverFailureKind.NonFinite, $"the gradient is not finite at p{k} = {Vectors.Format(p)}");
            }

            p = Step(p, g, learningRate);
            if (!Vectors.AllFinite(p))
            {
                return Solver.Fail<DescentSteps>(SolverFailureKind.NonFinite, $"the iteration overflows at step {k + 1}: the learning rate is too large");
            }

            points.Add(Vectors.Freeze(p));
        }

        var value = f(p);
        return double.IsFinite(value)
            ? Solver.Ok(new DescentSteps(Vectors.Freeze(start.ToArray()), points.MoveToImmutable(), value))
            : Solver.Fail<DescentSteps>(SolverFailureKind.NonFinite, $"f is not finite at {Vectors.Format(p)}");
    }

    // Runs the same fixed-rate iteration to convergence: "the minimiser the iteration converges
    // to" is the one reached from this start with this rate, which for a non-convex f may differ
    // from the global minimiser.
    public static SolverResult<DescentMinimum> Minimise(
        Func<double[], double> f, Func<double[], double[]> gradient, IReadOnlyList<double> start, double learningRate, DescentOptions? options = null)
    {
        options ??= new DescentOptions();
        if (Validate(start, learningRate) is { } invalid)
        {
            return Solver.Fail<DescentMinimum>(invalid);
        }

        var p = start.ToArray();
        for (var k = 0; k < options.MaxIterations; k++)
        {
            var g = gradient(p);
            if (g.Length != p.Length || !Vectors.AllFinite(g))
            {
                return Solver.Fail<DescentMinimum>(SolverFailureKind.NonFinite, $"the gradient is not finite at {Vectors.Format(p)}");
            }

            var norm = Vectors.Norm2(g);
            var next = Step(p, g, learningRate);
            // Converged when the gradient vanishes, or when the step is below the rounding of the
            // point itself (a large-scale f never gets |grad| under an absolute 1e-11).
            if (norm <= options.GradientTolerance || learningRate * norm <= 1e-15 * (1 + Vectors.NormInf(p)))
            {
                return SecondOrderCheck(gradient, p) ?? Solver.Ok(new DescentMinimum(Vectors.Freeze(p), f(p), norm, k));
            }

            if (!Vectors.AllFinite(next) || Vectors.NormInf(next) > options.DivergenceBound)
            {
                return Solver.Fail<DescentMinimum>(SolverFailureKind.DidNotConverge, $"the iteration diverges after {k + 1} steps: the learning rate {NewtonRaphson.Show(learningRate)} is too large or f is unbounded below");
            }

            p = next;
        }

        return Solver.Fail<DescentMinimum>(SolverFailureKind.DidNotConverge, $"the gradient did not vanish in {options.MaxIterations} steps (last point {Vectors.Format(p)})");
    }

    // Started exactly on a saddle (or a maximum) the iteration never moves: a stationary point, but
    // not the minimiser a problem asks for. Curvature from differences of the exact gradient.
    private static SolverResult<DescentMinimum>? SecondOrderCheck(Func<double[], double[]> gradient, double[] p)
    {
        var facts = SymmetricMatrixFacts.Of(FiniteDifferences.HessianFromGradient(gradient, p));
        return facts.Succeeded && facts.Value.Definiteness is Definiteness.Indefinite or Definiteness.NegativeDefinite
            ? Solver.Fail<DescentMinimum>(SolverFailureKind.DidNotConverge, $"the iteration stops at {Vectors.Format(p)}, a stationary point that is not a minimum ({facts.Value.Definiteness} Hessian)")
            : null;
    }

    private static SolverFailure? Validate(IReadOnlyList<double> start, double learningRate) =>
        start.Count == 0 || !Vectors.AllFinite(start.ToArray()) || !(learningRate > 0) || !double.IsFinite(learningRate)
            ? new SolverFailure(SolverFailureKind.InvalidInput, "need a finite start and a positive finite learning rate")
            : null;

    private static double[] Step(double[] p, double[] g, double eta)
    {
        var next = new double[p.Length];
        for (var i = 0; i < p.Length; i++)
        {
            next[i] = p[i] - (eta * g[i]);
        }

        return next;
    }
}
