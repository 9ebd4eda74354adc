using System.Collections.Immutable;
using MathNet.Numerics.LinearAlgebra;

namespace GraderHub.Grading.Solvers;

public enum Definiteness
{
    PositiveDefinite,
    NegativeDefinite,
    Indefinite,
    PositiveSemidefinite,
    NegativeSemidefinite,
}

// What the course asks about a Hessian at a point: determinant, eigenvalues (ascending) and the
// classification that decides minimum / maximum / saddle.
public sealed record SymmetricMatrixFacts(double Determinant, ImmutableArray<double> Eigenvalues, Definiteness Definiteness)
{
    // Eigenvalues within this fraction of the largest one count as zero: an exact Hessian of a
    // polynomial can carry rounding noise of a few ulps.
    private const double ZeroFraction = 1e-12;

    public static SolverResult<SymmetricMatrixFacts> Of(double[,] matrix)
    {
        var n = matrix.GetLength(0);
        if (n == 0 || n != matrix.GetLength(1) || !Vectors.AllFinite(matrix))
        {
            return Solver.Fail<SymmetricMatrixFacts>(SolverFailureKind.InvalidInput, "need a square matrix of finite numbers");
        }

        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (Math.Abs(matrix[i, j] - matrix[j, i]) > 1e-9 * (1 + Math.Abs(matrix[i, j])))
                {
                    return Solver.Fail<SymmetricMatrixFacts>(SolverFailureKind.InvalidInput, "the matrix is not symmetric");
                }
            }
        }

        var m = Matrix<double>.Build.DenseOfArray(matrix);
        var eigen = m.Evd(Symmetricity.Symmetric).EigenValues.Select(c => c.Real).Order().ToArray();
        var scale = eigen.Max(Math.Abs);
        var zero = ZeroFraction * scale;
        var positive = eigen.Count(e => e > zero);
        var negative = eigen.Count(e => e < -zero);
        var kind = (positive, negative) switch
        {
            _ when positive == n => Definiteness.PositiveDefinite,
            _ when negative == n => Definiteness.NegativeDefinite,
            _ when positive > 0 && negative > 0 => Definiteness.Indefinite,
            _ when negative == 0 => Definiteness.PositiveSemidefinite,
            _ => Definiteness.NegativeSemidefinite,
        };
        return Solver.Ok(new SymmetricMatrixFacts(m.Determinant(), Vectors.Freeze(eigen), kind));
    }
}
