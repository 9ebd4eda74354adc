using System.Collections.Immutable;

namespace GraderHub.Grading.Solvers;

// y = Model(x, p). ParameterGradient, when given, returns d model / d p_j at (x, p); without it the
// Jacobian is taken by finite differences.
public sealed record NonlinearModel(
    Func<double, double[], double> Model,
    Func<double, double[], double[]>? ParameterGradient = null);

public sealed record NonlinearFit(
    ImmutableArray<double> Parameters,
    ImmutableArray<double> Errors,
    ImmutableArray<ImmutableArray<double>> Covariance,
    double ChiSquared,
    int DegreesOfFreedom,
    int Iterations)
{
    public double? ReducedChiSquared => DegreesOfFreedom > 0 ? ChiSquared / DegreesOfFreedom : null;
}

public sealed record NonlinearFitOptions(int MaxIterations = 500, double RelativeTolerance = 1e-14);

public sealed record FitAcceptance(bool Accepted, double ChiSquared, double Excess, string Reason);

// Levenberg-Marquardt with Marquardt's diagonal scaling, written out rather than MathNet's
// LevenbergMarquardtMinimizer: ours reports typed failures, the covariance with absolute sigma that
// the course uses, and is deterministic step for step. MathNet does the linear algebra.
public static class NonlinearLeastSquares
{
    public static double ChiSquared(NonlinearModel model, IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> sigma, IReadOnlyList<double> parameters)
    {
        var p = parameters.ToArray();
        var chi2 = 0.0;
        for (var i = 0; i < x.Count; i++)
        {
            var r = (y[i] - model.Model(x[i], p)) / sigma[i];
            chi2 += r * r;
        }

        return double.IsFinite(chi2) ? chi2 : double.PositiveInfinity;
    }

    public static SolverResult<NonlinearFit> Fit(
        NonlinearModel model, IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> sigma, IReadOnlyList<double> start, NonlinearFitOptions? options = null)
    {
        options ??= new NonlinearFitOptions();
        if (Data.Validate(x, y, sigma) is { } invalid)
        {
            return Solver.Fail<NonlinearFit>(invalid);
        }

        var np = start.Count;
        if (np == 0 || x.Count < np)
        {
            return Solver.Fail<NonlinearFit>(SolverFailureKind.InvalidInput, $"{Feedback.Wording.Count(np, "parameter")} cannot be fitted to {Feedback.Wording.Count(x.Count, "point")}");
        }

        var p = start.ToArray();
        var chi2 = ChiSquared(model, x, y, sigma, p);
        if (!double.IsFinite(chi2))
        {
            return Solver.Fail<NonlinearFit>(SolverFailureKind.NonFinite, $"the model is not finite at the starting parameters {Vectors.Format(p)}");
        }

        var mu = 1e-3;
        for (var iteration = 1; iteration <= options.MaxIterations; iteration++)
        {
            var (jtj, jtr) = NormalEquations(model, x, y, sigma, p);
            if (jtj is null || jtr is null)
            {
                return Solver.Fail<NonlinearFit>(SolverFailureKind.NonFinite, $"the model's derivatives are not finite at {Vectors.Format(p)}");
            }

            var improved = false;
            while (mu < 1e16)
            {
                var damped = (double[,])jtj.Clone();
                for (var j = 0; j < np; j++)
                {
                    damped[j, j] += mu * Math.Max(jtj[j, j], 1e-300);
                }

                var step = Vectors.SolveOrNull(damped, jtr, 1e16);
                if (step is not null)
                {
                    var trial = p.Zip(step, (a, b) => a + b).ToArray();
                    var trialChi2 = ChiSquared(model, x, y, sigma, trial);
                    if (trialChi2 <= chi2)
                    {
                        var decrease = chi2 - trialChi2;
                        var stepSize = Vectors.NormInf(step) / (1e-300 + Vectors.NormInf(trial));
                        p = trial;
                        chi2 = trialChi2;
                        mu = Math.Max(mu / 10, 1e-12);
                        improved = true;
                        if (decrease <= options.RelativeTolerance * (1 + chi2) && stepSize <= 1e-9)
                        {
                            return Finish(model, x, y, sigma, p, chi2, iteration);
                        }

                        break;
                    }
                }

                mu *= 10;
            }

            // No damping gives a decrease: the gradient vanishes to rounding, so this is the minimum.
            if (!improved)
            {
                return Finish(model, x, y, sigma, p, chi2, iteration);
            }
        }

        return Solver.Fail<NonlinearFit>(SolverFailureKind.DidNotConverge, $"no convergence in {options.MaxIterations} iterations (last parameters {Vectors.Format(p)})");
    }

    // Accepts any parameters whose chi-squared is within tolerance of the optimum: near-degenerate
    // fits have long flat valleys in which all points fit the data equally well.
    public static FitAcceptance Accept(
        NonlinearModel model, IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> sigma, NonlinearFit optimum, IReadOnlyList<double> candidate, double absoluteTolerance, double relativeTolerance)
    {
        if (candidate.Count != optimum.Parameters.Length || !Vectors.AllFinite(candidate.ToArray()))
        {
            return new FitAcceptance(false, double.NaN, double.NaN, $"expected {optimum.Parameters.Length} finite parameters");
        }

        var chi2 = ChiSquared(model, x, y, sigma, candidate);
        var excess = chi2 - optimum.ChiSquared;
        var allowed = Math.Max(absoluteTolerance, relativeTolerance * optimum.ChiSquared);
        return excess <= allowed
            ? new FitAcceptance(true, chi2, excess, "chi-squared is at the minimum within tolerance")
            : new FitAcceptance(false, chi2, excess, $"chi-squared is {excess:G4} above the minimum");
    }

    private static SolverResult<NonlinearFit> Finish(
        NonlinearModel model, IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> sigma, double[] p, double chi2, int iterations)
    {
        var (jtj, _) = NormalEquations(model, x, y, sigma, p);
        if (jtj is null)
        {
            return Solver.Fail<NonlinearFit>(SolverFailureKind.NonFinite, "the model's derivatives are not finite at the optimum");
        }

        var n = p.Length;
        var covariance = new double[n, n];
        for (var j = 0; j < n; j++)
        {
            var unit = new double[n];
            unit[j] = 1;
            var column = Vectors.SolveOrNull(jtj, unit);
            if (column is null)
            {
                return Solver.Fail<NonlinearFit>(SolverFailureKind.Singular, "the parameters are not all determined by the data (singular curvature matrix at the optimum)");
            }

            for (var i = 0; i < n; i++)
            {
                covariance[i, j] = column[i];
            }
        }

        var errors = Enumerable.Range(0, n).Select(j => Math.Sqrt(covariance[j, j])).ToArray();
        return Solver.Ok(new NonlinearFit(Vectors.Freeze(p), Vectors.Freeze(errors), Vectors.Freeze(covariance), chi2, x.Count - n, iterations));
    }

    // J^T W J and J^T W r with r = y - model, W = 1/sigma^2: the Gauss-Newton step solves
    // (J^T W J) dp = J^T W r.
    private static (double[,]? JtJ, double[]? JtR) NormalEquations(
        NonlinearModel model, IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> sigma, double[] p)
    {
        var n = p.Length;
        var jtj = new double[n, n];
        var jtr = new double[n];
        for (var i = 0; i < x.Count; i++)
        {
            var xi = x[i];
            var grad = model.ParameterGradient?.Invoke(xi, p) ?? FiniteDifferences.Gradient(q => model.Model(xi, q), p);
            var w = 1 / (sigma[i] * sigma[i]);
            var r = y[i] - model.Model(xi, p);
            for (var a = 0; a < n; a++)
            {
                jtr[a] += w * grad[a] * r;
                for (var b = 0; b < n; b++)
                {
                    jtj[a, b] += w * grad[a] * grad[b];
                }
            }
        }

        return Vectors.AllFinite(jtj) && Vectors.AllFinite(jtr) ? (jtj, jtr) : (null, null);
    }
}
