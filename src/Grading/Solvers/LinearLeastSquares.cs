using System.Collections.Immutable;
using MathNet.Numerics.LinearAlgebra;

namespace GraderHub.Grading.Solvers;

// Parameters of a model linear in its parameters, y = sum_j p_j phi_j(x), fitted by minimising
// chi^2 = sum_i ((y_i - model(x_i)) / sigma_i)^2. Errors and covariance assume the sigmas are
// absolute (not rescaled by the reduced chi-squared), as the course defines them.
public sealed record LinearFit(
    ImmutableArray<double> Parameters,
    ImmutableArray<double> Errors,
    ImmutableArray<ImmutableArray<double>> Covariance,
    double ChiSquared,
    int DegreesOfFreedom)
{
    // Undefined with no degrees of freedom left (as many parameters as points).
    public double? ReducedChiSquared => DegreesOfFreedom > 0 ? ChiSquared / DegreesOfFreedom : null;
}

public sealed record StraightLineFit(
    double Slope,
    double Intercept,
    double SlopeError,
    double InterceptError,
    double Covariance,
    double ChiSquared,
    int DegreesOfFreedom)
{
    public double? ReducedChiSquared => DegreesOfFreedom > 0 ? ChiSquared / DegreesOfFreedom : null;
}

public static class LinearLeastSquares
{
    // y = m x + c.
    public static SolverResult<StraightLineFit> FitLine(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> sigma)
    {
        var fit = Fit(x, y, sigma, [t => t, _ => 1.0]);
        if (!fit.Succeeded)
        {
            return Solver.Fail<StraightLineFit>(fit.Failure);
        }

        var f = fit.Value;
        return Solver.Ok(new StraightLineFit(
            f.Parameters[0], f.Parameters[1], f.Errors[0], f.Errors[1], f.Covariance[0][1], f.ChiSquared, f.DegreesOfFreedom));
    }

    // Solved through the SVD of the weighted design matrix rather than the normal equations, which
    // square its condition number (x values far from zero make the line fit nearly singular).
    public static SolverResult<LinearFit> Fit(
        IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> sigma, IReadOnlyList<Func<double, double>> basis)
    {
        if (Data.Validate(x, y, sigma) is { } invalid)
        {
            return Solver.Fail<LinearFit>(invalid);
        }

        var n = x.Count;
        var p = basis.Count;
        if (p == 0 || n < p)
        {
            return Solver.Fail<LinearFit>(SolverFailureKind.InvalidInput, $"{Feedback.Wording.Count(p, "parameter")} cannot be fitted to {Feedback.Wording.Count(n, "point")}");
        }

        var design = Matrix<double>.Build.Dense(n, p);
        var rhs = Vector<double>.Build.Dense(n);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < p; j++)
            {
                design[i, j] = basis[j](x[i]) / sigma[i];
            }

            rhs[i] = y[i] / sigma[i];
        }

        if (!Vectors.AllFinite(design.ToArray()))
        {
            return Solver.Fail<LinearFit>(SolverFailureKind.NonFinite, "a basis function is not finite at one of the x values");
        }

        var svd = design.Svd(computeVectors: true);
        var s = svd.S;
        if (s[p - 1] <= s[0] * 1e-12)
        {
            return Solver.Fail<LinearFit>(SolverFailureKind.Singular, "the data cannot determine every parameter (e.g. all x values equal)");
        }

        var parameters = svd.Solve(rhs);
        // (A^T A)^-1 = V S^-2 V^T.
        var v = svd.VT.Transpose();
        var covariance = v * Matrix<double>.Build.DiagonalOfDiagonalArray(s.Map(t => 1 / (t * t)).ToArray()) * v.Transpose();
        var residual = (design * parameters) - rhs;
        var chi2 = residual.DotProduct(residual);
        var errors = Enumerable.Range(0, p).Select(j => Math.Sqrt(covariance[j, j])).ToArray();
        return Solver.Ok(new LinearFit(
            Vectors.Freeze(parameters.ToArray()), Vectors.Freeze(errors), Vectors.Freeze(covariance.ToArray()), chi2, n - p));
    }
}

internal static class Data
{
    public static SolverFailure? Validate(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> sigma)
    {
        if (x.Count != y.Count || x.Count != sigma.Count)
        {
            return new SolverFailure(SolverFailureKind.InvalidInput, "x, y and sigma must have the same length");
        }

        for (var i = 0; i < x.Count; i++)
        {
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i]) || !(sigma[i] > 0) || !double.IsFinite(sigma[i]))
            {
                return new SolverFailure(SolverFailureKind.InvalidInput, $"data point {i + 1}: x and y must be finite and sigma positive");
            }
        }

        return null;
    }
}
