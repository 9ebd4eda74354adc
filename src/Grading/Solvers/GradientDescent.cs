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

// How long a step is: a fixed rate eta, or backtracking from Initial, times Shrink until the
// Armijo condition f(p - t g) <= f(p) - Armijo t |g|^2 holds (the course's line search).
public abstract record DescentStep
{
    internal abstract double Rate(Func<double[], double> f, double[] p, double[] g);

    internal abstract string? Invalid { get; }
}

public sealed record FixedStep(double LearningRate) : DescentStep
{
    internal override double Rate(Func<double[], double> f, double[] p, double[] g) => LearningRate;

    internal override string? Invalid => LearningRate > 0 && double.IsFinite(LearningRate) ? null : "the learning rate must be positive and finite";
}

public sealed record BacktrackingStep(double Initial, double Shrink, double Armijo) : DescentStep
{
    private const int MaxHalvings = 60;

    internal override double Rate(Func<double[], double> f, double[] p, double[] g)
    {
        var fp = f(p);
        var squared = g.Sum(v => v * v);
        var t = Initial;
        for (var k = 0; k < MaxHalvings; k++, t *= Shrink)
        {
            var trial = f([.. p.Select((v, i) => v - (t * g[i]))]);
            if (double.IsFinite(trial) && trial <= fp - (Armijo * t * squared))
            {
                return t;
            }
        }

        return t;
    }

    internal override string? Invalid =>
        Initial > 0 && double.IsFinite(Initial) && Shrink > 0 && Shrink < 1 && Armijo > 0 && Armijo < 1 ? null
            : "the line search needs an initial step > 0, a shrink factor in (0, 1) and an Armijo constant in (0, 1)";
}

// p_{k+1} = p_k - t_k grad f(p_k): the fixed-rate iteration of the course (t_k = eta), or with t_k
// from a backtracking line search.
public static class GradientDescent
{
    public static SolverResult<DescentSteps> Iterate(
        Func<double[], double> f, Func<double[], double[]> gradient, IReadOnlyList<double> start, double learningRate, int steps) =>
        Iterate(f, gradient, start, new FixedStep(learningRate), steps);

    public static SolverResult<DescentMinimum> Minimise(
        Func<double[], double> f, Func<double[], double[]> gradient, IReadOnlyList<double> start, double learningRate, DescentOptions? options = null) =>
        Minimise(f, gradient, start, new FixedStep(learningRate), options);

    public static SolverResult<DescentSteps> Iterate(
        Func<double[], double> f, Func<double[], double[]> gradient, IReadOnlyList<double> start, DescentStep rule, int steps)
    {
        if (Validate(start, rule) is not null || steps < 0)
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

            var start0 = p;
            p = Step(p, g, rule.Rate(f, p, g));
            if (!Vectors.AllFinite(p))
            {
                return Solver.Fail<DescentSteps>(SolverFailureKind.NonFinite, $"the iteration overflows at step {k + 1}: {TooLarge(rule, gradient, start0)}");
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
        Func<double[], double> f, Func<double[], double[]> gradient, IReadOnlyList<double> start, DescentStep rule, DescentOptions? options = null)
    {
        options ??= new DescentOptions();
        if (Validate(start, rule) is { } invalid)
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
            var learningRate = rule.Rate(f, p, g);
            var next = Step(p, g, learningRate);
            // Converged when the gradient vanishes, or when the step is below the rounding of the
            // point itself (a large-scale f never gets |grad| under an absolute 1e-11).
            if (norm <= options.GradientTolerance || learningRate * norm <= 1e-15 * (1 + Vectors.NormInf(p)))
            {
                return SecondOrderCheck(gradient, p) ?? Solver.Ok(new DescentMinimum(Vectors.Freeze(p), f(p), norm, k));
            }

            if (!Vectors.AllFinite(next) || Vectors.NormInf(next) > options.DivergenceBound)
            {
                return Solver.Fail<DescentMinimum>(SolverFailureKind.DidNotConverge, $"the iteration diverges after {Feedback.Wording.Count(k + 1, "step")}: {TooLarge(rule, gradient, start.ToArray())}");
            }

            p = next;
        }

        return Solver.Fail<DescentMinimum>(SolverFailureKind.DidNotConverge, $"the gradient did not vanish in {Feedback.Wording.Count(options.MaxIterations, "step")} (last point {Vectors.Format(p)})");
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

    // Why a run diverges: for a fixed rate, the bound 2 / lambda_max of the Hessian at the start
    // (the largest rate for which descent on the local quadratic model contracts).
    private static string TooLarge(DescentStep rule, Func<double[], double[]> gradient, double[] start)
    {
        if (rule is not FixedStep fixedStep)
        {
            return "f is unbounded below along the search direction";
        }

        var facts = SymmetricMatrixFacts.Of(FiniteDifferences.HessianFromGradient(gradient, start));
        var top = facts.Succeeded ? facts.Value.Eigenvalues[^1] : double.NaN;
        return top > 0 && double.IsFinite(top)
            ? $"the learning rate {NewtonRaphson.Show(fixedStep.LearningRate)} is too large: near the start descent converges only for rates below 2/λmax = {(2 / top).ToString("G4", System.Globalization.CultureInfo.InvariantCulture)}"
            : $"the learning rate {NewtonRaphson.Show(fixedStep.LearningRate)} is too large or f is unbounded below";
    }

    private static SolverFailure? Validate(IReadOnlyList<double> start, DescentStep rule) =>
        start.Count == 0 || !Vectors.AllFinite(start.ToArray())
            ? new SolverFailure(SolverFailureKind.InvalidInput, "need a finite start")
            : rule.Invalid is { } message ? new SolverFailure(SolverFailureKind.InvalidInput, "need a positive finite learning rate: " + message) : null;

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
