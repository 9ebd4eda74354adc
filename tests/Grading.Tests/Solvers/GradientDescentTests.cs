using GraderHub.Grading.Solvers;

namespace GraderHub.Grading.Tests.Solvers;

public class GradientDescentTests
{
    [Fact]
    public void Iterate_SeparableQuadratic_ContractsEachCoordinateByItsOwnFactor()
    {
        // f = x^2 + 5 y^2, eta = 0.05: x_{k+1} = (1 - 2 eta) x_k = 0.9 x_k, y_{k+1} = (1 - 10 eta) y_k = 0.5 y_k.
        var steps = GradientDescent.Iterate(v => (v[0] * v[0]) + (5 * v[1] * v[1]), v => [2 * v[0], 10 * v[1]], [2.0, -1.0], 0.05, 12).Expect();

        for (var k = 1; k <= 12; k++)
        {
            Assert.Equal(2 * Math.Pow(0.9, k), steps.Iterates[k - 1][0], 14);
            Assert.Equal(-Math.Pow(0.5, k), steps.Iterates[k - 1][1], 14);
        }

        var x = 2 * Math.Pow(0.9, 12);
        var y = -Math.Pow(0.5, 12);
        Assert.Equal((x * x) + (5 * y * y), steps.ValueAtLast, 14);
    }

    [Fact]
    public void Iterate_MatchesALoopWrittenOutInTheTest()
    {
        // f = x^2 + x y + 2 y^2 - x + sin(y): no closed form, so the loop is written out here.
        Func<double[], double[]> gradient = v => [(2 * v[0]) + v[1] - 1, v[0] + (4 * v[1]) + Math.Cos(v[1])];
        double px = 0.3, py = -0.7;
        for (var k = 0; k < 25; k++)
        {
            var (gx, gy) = ((2 * px) + py - 1, px + (4 * py) + Math.Cos(py));
            (px, py) = (px - (0.1 * gx), py - (0.1 * gy));
        }

        var steps = GradientDescent.Iterate(_ => 0, gradient, [0.3, -0.7], 0.1, 25).Expect();

        Assert.Equal(px, steps.Last[0]);
        Assert.Equal(py, steps.Last[1]);
    }

    [Fact]
    public void Minimise_ShiftedQuadratic_ReachesTheAnalyticMinimiser()
    {
        // f = (x - 3)^2 + 2 (y + 1)^2 + 4: minimiser (3, -1), minimum 4.
        var minimum = GradientDescent.Minimise(
            v => Math.Pow(v[0] - 3, 2) + (2 * Math.Pow(v[1] + 1, 2)) + 4, v => [2 * (v[0] - 3), 4 * (v[1] + 1)], [0.0, 0.0], 0.1).Expect();

        Assert.Equal(3, minimum.Point[0], 10);
        Assert.Equal(-1, minimum.Point[1], 10);
        Assert.Equal(4, minimum.Value, 12);
    }

    [Fact]
    public void Minimise_LargeScaleFunction_StopsWhenStepsReachRounding()
    {
        // grad = 2e8 (x - 1) never gets below an absolute 1e-11 in double precision.
        var minimum = GradientDescent.Minimise(v => 1e8 * Math.Pow(v[0] - 1, 2), v => [2e8 * (v[0] - 1)], [3.0], 1e-9).Expect();

        Assert.Equal(1, minimum.Point[0], 12);
        Assert.True(minimum.Iterations < 1000);
    }

    [Fact]
    public void Minimise_StartingOnASaddle_IsAFailureNotAMinimiser()
    {
        // f = x^4 + y^4 - 4xy + 1 (gd05) has a saddle at the origin, where the gradient is zero.
        Func<double[], double> f = v => Math.Pow(v[0], 4) + Math.Pow(v[1], 4) - (4 * v[0] * v[1]) + 1;
        Func<double[], double[]> gradient = v => [(4 * Math.Pow(v[0], 3)) - (4 * v[1]), (4 * Math.Pow(v[1], 3)) - (4 * v[0])];

        var fromSaddle = GradientDescent.Minimise(f, gradient, [0.0, 0.0], 0.05);
        var fromNearby = GradientDescent.Minimise(f, gradient, [0.5, 0.2], 0.05).Expect();

        Assert.Equal(SolverFailureKind.DidNotConverge, fromSaddle.Failure?.Kind);
        Assert.Contains("not a minimum", fromSaddle.Failure!.Message, StringComparison.Ordinal);
        Assert.Equal(1, fromNearby.Point[0], 9);
    }

    [Fact]
    public void Minimise_LearningRateTooLarge_ReportsDivergence()
    {
        // eta = 1.5 on x^2 multiplies x by -2 each step.
        var result = GradientDescent.Minimise(v => v[0] * v[0], v => [2 * v[0]], [1.0], 1.5);

        Assert.False(result.Succeeded);
        Assert.Equal(SolverFailureKind.DidNotConverge, result.Failure.Kind);
        Assert.Contains("learning rate", result.Failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void Iterate_NonPositiveLearningRate_IsInvalidInput(double eta)
    {
        var result = GradientDescent.Iterate(v => v[0], _ => [1.0], [0.0], eta, 3);

        Assert.Equal(SolverFailureKind.InvalidInput, result.Failure?.Kind);
    }
}
