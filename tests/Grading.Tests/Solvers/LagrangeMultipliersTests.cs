using GraderHub.Grading.Solvers;

namespace GraderHub.Grading.Tests.Solvers;

public class LagrangeMultipliersTests
{
    private static readonly ScalarFunction UnitCircle = new(v => (v[0] * v[0]) + (v[1] * v[1]) - 1, v => [2 * v[0], 2 * v[1]]);
    private static readonly LagrangeProblem SumOnCircle = new(2, new(v => v[0] + v[1], _ => [1, 1]), [UnitCircle]);

    [Fact]
    public void Solve_SumOnUnitCircle_FindsPlusAndMinusRootTwo()
    {
        var solution = LagrangeMultipliers.Solve(SumOnCircle).Expect();

        var r = 1 / Math.Sqrt(2);
        Assert.Equal(2, solution.CriticalPoints.Length);
        Assert.Equal(Math.Sqrt(2), solution.Max!.Value, 12);
        Assert.Equal(-Math.Sqrt(2), solution.Min!.Value, 12);
        var argmax = Assert.Single(solution.ArgMax);
        Assert.Equal(r, argmax.Point[0], 12);
        Assert.Equal(r, argmax.Point[1], 12);
        // grad f = lambda grad g: (1, 1) = lambda (2r, 2r).
        Assert.Equal(1 / (2 * r), argmax.Multipliers[0], 12);
        var argmin = Assert.Single(solution.ArgMin);
        Assert.Equal(-r, argmin.Point[0], 12);
    }

    [Fact]
    public void Solve_TwoConstraints_HeightOnATiltedCircle()
    {
        // z on {x^2 + y^2 + z^2 = 1, x + y + z = 0}: extremes +-sqrt(2/3) at +-(-1, -1, 2)/sqrt(6).
        var problem = new LagrangeProblem(
            3,
            new(v => v[2], _ => [0, 0, 1]),
            [
                new(v => (v[0] * v[0]) + (v[1] * v[1]) + (v[2] * v[2]) - 1, v => [2 * v[0], 2 * v[1], 2 * v[2]]),
                new(v => v[0] + v[1] + v[2], _ => [1, 1, 1]),
            ]);

        var solution = LagrangeMultipliers.Solve(problem).Expect();

        Assert.Equal(2, solution.CriticalPoints.Length);
        Assert.Equal(Math.Sqrt(2.0 / 3), solution.Max!.Value, 12);
        Assert.Equal(-Math.Sqrt(2.0 / 3), solution.Min!.Value, 12);
        var top = Assert.Single(solution.ArgMax).Point;
        Assert.Equal(-1 / Math.Sqrt(6), top[0], 12);
        Assert.Equal(-1 / Math.Sqrt(6), top[1], 12);
    }

    [Fact]
    public void Solve_IsDeterministic()
    {
        var a = LagrangeMultipliers.Solve(SumOnCircle).Expect();
        var b = LagrangeMultipliers.Solve(SumOnCircle).Expect();

        Assert.Equal(a.CriticalPoints.Select(p => p.Point.ToArray()), b.CriticalPoints.Select(p => p.Point.ToArray()));
    }

    [Fact]
    public void Solve_EmptyConstraintSet_IsInfeasible()
    {
        var problem = new LagrangeProblem(2, new(v => v[0], _ => [1, 0]), [new(v => (v[0] * v[0]) + (v[1] * v[1]) + 1, v => [2 * v[0], 2 * v[1]])]);

        Assert.Equal(SolverFailureKind.Infeasible, LagrangeMultipliers.Solve(problem).Failure?.Kind);
    }

    [Fact]
    public void Solve_NoCriticalPoint_DidNotConverge()
    {
        // x + y along the line x = y grows without bound and has no critical point.
        var problem = new LagrangeProblem(2, new(v => v[0] + v[1], _ => [1, 1]), [new(v => v[0] - v[1], _ => [1, -1])]);

        Assert.Equal(SolverFailureKind.DidNotConverge, LagrangeMultipliers.Solve(problem).Failure?.Kind);
    }

    [Fact]
    public void Solve_ObjectiveConstantOnConstraint_ReportsNonIsolatedPoints()
    {
        var problem = new LagrangeProblem(2, new(v => (v[0] * v[0]) + (v[1] * v[1]), v => [2 * v[0], 2 * v[1]]), [UnitCircle]);

        var result = LagrangeMultipliers.Solve(problem);

        Assert.Equal(SolverFailureKind.Singular, result.Failure?.Kind);
        Assert.Contains("not isolated", result.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_RoundedCriticalPoint_IsAcceptedWithItsMultiplier()
    {
        var check = LagrangeMultipliers.Check(SumOnCircle, [0.70711, 0.70711], 1e-4);

        Assert.True(check.Satisfied, check.Reason);
        Assert.Equal(1 / Math.Sqrt(2), check.Multipliers[0], 4);
    }

    [Theory]
    [InlineData(1.0, 0.0, "combination")]
    [InlineData(0.8, 0.8, "constraint")]
    public void Check_NonCriticalPoint_IsRejectedWithAReason(double x, double y, string reason)
    {
        var check = LagrangeMultipliers.Check(SumOnCircle, [x, y], 1e-4);

        Assert.False(check.Satisfied);
        Assert.Contains(reason, check.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_PointOutsideDomain_IsRejected()
    {
        var problem = SumOnCircle with { Domain = v => v[0] > 0 };

        Assert.False(LagrangeMultipliers.Check(problem, [-1 / Math.Sqrt(2), -1 / Math.Sqrt(2)], 1e-6).Satisfied);
    }

    [Fact]
    public void Solve_XSquaredYOnACircle_FindsAllSixPointsAndTheDoubleExtrema()
    {
        // grad(x^2 y) = lambda grad(x^2 + y^2 - 3): x = 0, y = +-sqrt(3), or x^2 = 2 y^2, y = +-1.
        var f = ExpressionFunctions.Scalar("x^2*y", ["x", "y"]).Expect();
        var g = ExpressionFunctions.Constraint("x^2 + y^2 = 3", ["x", "y"]).Expect();

        var solution = LagrangeMultipliers.Solve(new LagrangeProblem(2, f, [g])).Expect();

        Assert.Equal(6, solution.CriticalPoints.Length);
        Assert.Equal(2, solution.Max!.Value, 12);
        Assert.Equal(-2, solution.Min!.Value, 12);
        Assert.Equal(2, solution.ArgMax.Length);
        Assert.All(solution.ArgMax, p => Assert.Equal(1, p.Point[1], 12));
        Assert.Contains(solution.CriticalPoints, p => Math.Abs(p.Point[0]) < 1e-12 && Math.Abs(p.Point[1] - Math.Sqrt(3)) < 1e-12);
    }

    [Fact]
    public void Solve_ProductOnAPlane_FindsTheSaddlesAndNoExtrema()
    {
        // xyz on x + y + z = 3: (1, 1, 1) and the three points with two zero coordinates; xyz is
        // unbounded both ways on the plane, so neither a maximum nor a minimum exists.
        string[] xyz = ["x", "y", "z"];
        var problem = new LagrangeProblem(
            3, ExpressionFunctions.Scalar("x*y*z", xyz).Expect(), [ExpressionFunctions.Constraint("x + y + z = 3", xyz).Expect()]);

        var solution = LagrangeMultipliers.Solve(problem).Expect();

        Assert.Equal(4, solution.CriticalPoints.Length);
        Assert.Contains(solution.CriticalPoints, p => p.Point.All(c => Math.Abs(c - 1) < 1e-12));
        Assert.Null(solution.Max);
        Assert.Null(solution.Min);
        Assert.Empty(solution.ArgMax);
    }

    [Fact]
    public void Solve_ObjectiveUnderflowingFarOut_ReportsOnlyTheTrueCriticalPoint()
    {
        // exp(x y) on x^3 + y^3 = 16: far along the curve x y -> -inf and f and its gradient
        // underflow to zero, where every point would pass the stationarity test. Only (2, 2) is
        // critical; the infimum 0 is not attained.
        var problem = new LagrangeProblem(
            2, ExpressionFunctions.Scalar("exp(x*y)", ["x", "y"]).Expect(), [ExpressionFunctions.Constraint("x^3 + y^3 = 16", ["x", "y"]).Expect()]);

        var solution = LagrangeMultipliers.Solve(problem).Expect();

        var point = Assert.Single(solution.CriticalPoints);
        Assert.Equal(2, point.Point[0], 10);
        Assert.Equal(Math.Exp(4), solution.Max!.Value, 9);
        Assert.Null(solution.Min);
    }
}
