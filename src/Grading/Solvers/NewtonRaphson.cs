using System.Collections.Immutable;
using System.Globalization;

namespace GraderHub.Grading.Solvers;

// x1..xn exactly as the course writes them: x_{k+1} = x_k - f(x_k)/f'(x_k), no damping, no
// safeguards, because students are graded on reproducing this very sequence.
public sealed record NewtonSteps(double Start, ImmutableArray<double> Iterates, double ValueAtLast)
{
    public double Last => Iterates.IsEmpty ? Start : Iterates[^1];
}

public sealed record NewtonRoot(double Root, double Residual, int Iterations);

public sealed record NewtonSystemSteps(
    ImmutableArray<double> Start,
    ImmutableArray<ImmutableArray<double>> Iterates,
    ImmutableArray<double> ValueAtLast)
{
    public ImmutableArray<double> Last => Iterates.IsEmpty ? Start : Iterates[^1];
}

public sealed record NewtonSystemRoot(ImmutableArray<double> Root, double Residual, int Iterations);

public sealed record NewtonOptions(int MaxIterations = 100, double StepTolerance = 1e-13, double ResidualTolerance = 1e-9);

public static class NewtonRaphson
{
    public static SolverResult<NewtonSteps> Iterate(Func<double, double> f, Func<double, double> derivative, double x0, int steps)
    {
        if (steps < 0 || !double.IsFinite(x0))
        {
            return Solver.Fail<NewtonSteps>(SolverFailureKind.InvalidInput, "need a finite start and a non-negative number of steps");
        }

        var xs = ImmutableArray.CreateBuilder<double>(steps);
        var x = x0;
        for (var k = 0; k < steps; k++)
        {
            var step = Step(f, derivative, x, k);
            if (step.Failure is not null)
            {
                return Solver.Fail<NewtonSteps>(step.Failure);
            }

            x -= step.Delta;
            xs.Add(x);
        }

        var fx = f(x);
        return double.IsFinite(fx)
            ? Solver.Ok(new NewtonSteps(x0, xs.MoveToImmutable(), fx))
            : Solver.Fail<NewtonSteps>(SolverFailureKind.NonFinite, $"f is not finite at x{steps} = {Show(x)}");
    }

    public static SolverResult<NewtonRoot> FindRoot(Func<double, double> f, Func<double, double> derivative, double x0, NewtonOptions? options = null)
    {
        options ??= new NewtonOptions();
        var x = x0;
        for (var k = 0; k < options.MaxIterations; k++)
        {
            var step = Step(f, derivative, x, k);
            if (step.Failure is not null)
            {
                return Solver.Fail<NewtonRoot>(step.Failure);
            }

            if (step.Delta == 0)
            {
                return Solver.Ok(new NewtonRoot(x, 0, k));
            }

            x -= step.Delta;
            if (Math.Abs(step.Delta) <= options.StepTolerance * (1 + Math.Abs(x)))
            {
                var residual = Math.Abs(f(x));
                // A tiny step with a large residual is a flat region or a pole, not a root. The
                // residual is measured against the function's scale near x, since at a root of
                // x^3 - 1e9 rounding alone leaves |f| ~ 1e-7.
                var scale = Math.Max(1, Math.Abs(derivative(x)) * (1 + Math.Abs(x)));
                return residual <= options.ResidualTolerance * scale
                    ? Solver.Ok(new NewtonRoot(x, residual, k + 1))
                    : Solver.Fail<NewtonRoot>(SolverFailureKind.DidNotConverge, $"steps became tiny at x = {Show(x)} but |f(x)| = {Show(residual)}");
            }
        }

        return Solver.Fail<NewtonRoot>(SolverFailureKind.DidNotConverge, $"no convergence in {options.MaxIterations} iterations from x0 = {Show(x0)} (last x = {Show(x)})");
    }

    public static SolverResult<NewtonSystemSteps> Iterate(
        Func<double[], double[]> f, Func<double[], double[,]> jacobian, IReadOnlyList<double> x0, int steps)
    {
        if (steps < 0 || !Vectors.AllFinite(x0.ToArray()))
        {
            return Solver.Fail<NewtonSystemSteps>(SolverFailureKind.InvalidInput, "need a finite start and a non-negative number of steps");
        }

        var xs = ImmutableArray.CreateBuilder<ImmutableArray<double>>(steps);
        var x = x0.ToArray();
        for (var k = 0; k < steps; k++)
        {
            var step = SystemStep(f, jacobian, x, k);
            if (step.Failure is not null)
            {
                return Solver.Fail<NewtonSystemSteps>(step.Failure);
            }

            x = Subtract(x, step.Delta!);
            xs.Add(Vectors.Freeze(x));
        }

        var fx = f(x);
        return Vectors.AllFinite(fx)
            ? Solver.Ok(new NewtonSystemSteps(Vectors.Freeze(x0.ToArray()), xs.MoveToImmutable(), Vectors.Freeze(fx)))
            : Solver.Fail<NewtonSystemSteps>(SolverFailureKind.NonFinite, $"F is not finite at x{steps} = {Vectors.Format(x)}");
    }

    public static SolverResult<NewtonSystemRoot> FindRoot(
        Func<double[], double[]> f, Func<double[], double[,]> jacobian, IReadOnlyList<double> x0, NewtonOptions? options = null)
    {
        options ??= new NewtonOptions();
        var x = x0.ToArray();
        for (var k = 0; k < options.MaxIterations; k++)
        {
            var step = SystemStep(f, jacobian, x, k);
            if (step.Failure is not null)
            {
                return Solver.Fail<NewtonSystemRoot>(step.Failure);
            }

            x = Subtract(x, step.Delta!);
            if (Vectors.NormInf(step.Delta) <= options.StepTolerance * (1 + Vectors.NormInf(x)))
            {
                var residual = Vectors.NormInf(f(x));
                var j = jacobian(x);
                var scale = Math.Max(1, j.Cast<double>().Select(Math.Abs).DefaultIfEmpty(0).Max() * (1 + Vectors.NormInf(x)));
                return residual <= options.ResidualTolerance * scale
                    ? Solver.Ok(new NewtonSystemRoot(Vectors.Freeze(x), residual, k + 1))
                    : Solver.Fail<NewtonSystemRoot>(SolverFailureKind.DidNotConverge, $"steps became tiny at {Vectors.Format(x)} but |F| = {Show(residual)}");
            }
        }

        return Solver.Fail<NewtonSystemRoot>(SolverFailureKind.DidNotConverge, $"no convergence in {options.MaxIterations} iterations from {Vectors.Format(x0)}");
    }

    private static (double Delta, SolverFailure? Failure) Step(Func<double, double> f, Func<double, double> derivative, double x, int k)
    {
        var fx = f(x);
        var dfx = derivative(x);
        if (!double.IsFinite(fx) || !double.IsFinite(dfx))
        {
            return (0, new SolverFailure(SolverFailureKind.NonFinite, $"f or f' is not finite at x{k} = {Show(x)}"));
        }

        if (fx == 0)
        {
            return (0, null);
        }

        if (dfx == 0)
        {
            return (0, new SolverFailure(SolverFailureKind.Singular, $"f'(x{k}) = 0 at x{k} = {Show(x)}: the Newton step is undefined"));
        }

        var delta = fx / dfx;
        return double.IsFinite(delta)
            ? (delta, null)
            : (0, new SolverFailure(SolverFailureKind.NonFinite, $"the Newton step from x{k} = {Show(x)} overflows"));
    }

    private static (double[]? Delta, SolverFailure? Failure) SystemStep(
        Func<double[], double[]> f, Func<double[], double[,]> jacobian, double[] x, int k)
    {
        var fx = f(x);
        var j = jacobian(x);
        if (fx.Length != x.Length || j.GetLength(0) != x.Length || j.GetLength(1) != x.Length)
        {
            return (null, new SolverFailure(SolverFailureKind.InvalidInput, "F and its Jacobian must be square in the number of unknowns"));
        }

        if (!Vectors.AllFinite(fx) || !Vectors.AllFinite(j))
        {
            return (null, new SolverFailure(SolverFailureKind.NonFinite, $"F or J is not finite at x{k} = {Vectors.Format(x)}"));
        }

        var delta = Vectors.SolveOrNull(j, fx);
        return delta is null
            ? (null, new SolverFailure(SolverFailureKind.Singular, $"the Jacobian is singular at x{k} = {Vectors.Format(x)}"))
            : (delta, null);
    }

    private static double[] Subtract(double[] a, double[] b)
    {
        var r = new double[a.Length];
        for (var i = 0; i < a.Length; i++)
        {
            r[i] = a[i] - b[i];
        }

        return r;
    }

    internal static string Show(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
