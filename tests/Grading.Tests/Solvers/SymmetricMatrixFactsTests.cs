using GraderHub.Grading.Solvers;

namespace GraderHub.Grading.Tests.Solvers;

public class SymmetricMatrixFactsTests
{
    [Theory]
    [InlineData(2, 0, 3, Definiteness.PositiveDefinite)]
    [InlineData(-2, 1, -3, Definiteness.NegativeDefinite)]
    [InlineData(1, 2, 1, Definiteness.Indefinite)]
    [InlineData(1, 1, 1, Definiteness.PositiveSemidefinite)]
    [InlineData(-1, 0, 0, Definiteness.NegativeSemidefinite)]
    public void Of_TwoByTwo_ClassifiesByTheSignsOfItsEigenvalues(double a, double b, double d, Definiteness expected)
    {
        var facts = SymmetricMatrixFacts.Of(new[,] { { a, b }, { b, d } }).Expect();

        // Closed form for a symmetric 2x2: eigenvalues (a + d)/2 -+ sqrt(((a - d)/2)^2 + b^2).
        var mid = (a + d) / 2;
        var radius = Math.Sqrt((((a - d) / 2) * ((a - d) / 2)) + (b * b));
        Assert.Equal(expected, facts.Definiteness);
        Assert.Equal((a * d) - (b * b), facts.Determinant, 12);
        Assert.Equal(mid - radius, facts.Eigenvalues[0], 12);
        Assert.Equal(mid + radius, facts.Eigenvalues[1], 12);
    }

    [Fact]
    public void Of_NonSymmetric_IsInvalidInput()
    {
        Assert.Equal(SolverFailureKind.InvalidInput, SymmetricMatrixFacts.Of(new double[,] { { 1, 2 }, { 0, 1 } }).Failure?.Kind);
    }
}
