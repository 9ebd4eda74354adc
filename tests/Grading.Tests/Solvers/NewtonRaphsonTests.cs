using GraderHub.Grading.Solvers;

namespace GraderHub.Grading.Tests.Solvers;

public class NewtonRaphsonTests
{
    [Fact]
    public void Iterate_SquareRootOfTwo_GivesTheHandWorkedFractions()
    {
        // x_{k+1} = x_k - (x_k^2 - 2)/(2 x_k) from 1: 3/2, 17/12, 577/408 (the Babylonian method).
        var steps = NewtonRaphson.Iterate(x => (x * x) - 2, x => 2 * x, 1, 3).Expect();

        Assert.Equal([1.5, 17.0 / 12, 577.0 / 408], steps.Iterates, (a, b) => Math.Abs(a - b) < 1e-15);
        Assert.Equal(577.0 / 408, steps.Last, 15);
        Assert.Equal((577.0 / 408 * (577.0 / 408)) - 2, steps.ValueAtLast, 15);
    }

    [Fact]
    public void Iterate_ZeroSteps_ReturnsTheStart()
    {
        var steps = NewtonRaphson.Iterate(x => x - 1, _ => 1, 5, 0).Expect();

        Assert.Empty(steps.Iterates);
        Assert.Equal(5, steps.Last);
    }

    [Fact]
    public void Iterate_ZeroDerivative_ReportsSingularInsteadOfANumber()
    {
        var result = NewtonRaphson.Iterate(x => (x * x) - 1, x => 2 * x, 0, 3);

        Assert.False(result.Succeeded);
        Assert.Equal(SolverFailureKind.Singular, result.Failure.Kind);
        Assert.Contains("x0", result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FindRoot_CosXEqualsX_FindsTheDottieNumber()
    {
        var root = NewtonRaphson.FindRoot(x => Math.Cos(x) - x, x => -Math.Sin(x) - 1, 1).Expect();

        Assert.Equal(0.7390851332151607, root.Root, 14);
        Assert.True(root.Residual < 1e-15);
    }

    [Fact]
    public void FindRoot_NoRealRoot_IsAFailureNotAWrongNumber()
    {
        var result = NewtonRaphson.FindRoot(x => (x * x) + 1, x => 2 * x, 0.5);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Failure.Kind, new[] { SolverFailureKind.DidNotConverge, SolverFailureKind.Singular });
    }

    [Fact]
    public void IterateSystem_CircleAndDiagonal_GivesTheHandWorkedSteps()
    {
        // F = (x^2 + y^2 - 4, x - y) from (1, 1): J = [[2, 2], [1, -1]], F = (-2, 0), so the step
        // solves 2a + 2b = -2, a = b: (1.5, 1.5). Then F = (0.5, 0), J = [[3, 3], [1, -1]]: a = b = 1/12.
        var steps = NewtonRaphson.Iterate(Circle, CircleJacobian, [1.0, 1.0], 2).Expect();

        Assert.Equal([1.5, 1.5], steps.Iterates[0].ToArray());
        Assert.Equal(17.0 / 12, steps.Iterates[1][0], 15);
        Assert.Equal(17.0 / 12, steps.Iterates[1][1], 15);
    }

    [Fact]
    public void FindRootSystem_CircleAndDiagonal_ConvergesToSqrtTwo()
    {
        var root = NewtonRaphson.FindRoot(Circle, CircleJacobian, [1.0, 3.0]).Expect();

        Assert.Equal(Math.Sqrt(2), root.Root[0], 14);
        Assert.Equal(Math.Sqrt(2), root.Root[1], 14);
    }

    [Fact]
    public void FindRootSystem_SingularJacobianAtStart_ReportsSingular()
    {
        var result = NewtonRaphson.FindRoot(Circle, CircleJacobian, [0.0, 0.0]);

        Assert.False(result.Succeeded);
        Assert.Equal(SolverFailureKind.Singular, result.Failure.Kind);
    }

    [Fact]
    public void FindRoot_LargeScaleFunction_JudgesTheResidualAgainstItsScale()
    {
        // At the root 1000 of x^3 - 1e9 rounding leaves |f| around 1e-7: still a root.
        var root = NewtonRaphson.FindRoot(x => (x * x * x) - 1e9, x => 3 * x * x, 1500).Expect();

        Assert.Equal(1000, root.Root, 9);
    }

    private static double[] Circle(double[] v) => [(v[0] * v[0]) + (v[1] * v[1]) - 4, v[0] - v[1]];

    private static double[,] CircleJacobian(double[] v) => new[,] { { 2 * v[0], 2 * v[1] }, { 1, -1 } };
}
