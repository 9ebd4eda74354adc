using GraderHub.Grading.Solvers;

namespace GraderHub.Grading.Tests.Solvers;

public class ExpressionFunctionsTests
{
    [Fact]
    public void Scalar_ExactDerivatives_AgreeWithFiniteDifferences()
    {
        var f = ExpressionFunctions.Scalar("x^2*sin(y) + exp(x*y)", ["x", "y"]).Expect();
        double[] p = [0.7, -0.4];

        var numericGradient = FiniteDifferences.Gradient(f.Value, p);
        var numericHessian = FiniteDifferences.HessianFromGradient(f.Gradient, p);

        Assert.All(f.Gradient(p).Zip(numericGradient), g => Assert.Equal(g.Second, g.First, 9));
        var h = f.Hessian!(p);
        for (var i = 0; i < 2; i++)
        {
            for (var j = 0; j < 2; j++)
            {
                Assert.Equal(numericHessian[i, j], h[i, j], 8);
            }
        }
    }

    [Fact]
    public void Constraint_Equation_MovesTheRightSideOver()
    {
        var g = ExpressionFunctions.Constraint("x^2 + y^2 = 2", ["x", "y"]).Expect();

        Assert.Equal(0, g.Value([1.0, 1.0]));
        Assert.Equal(1, g.Value([Math.Sqrt(3), 0.0]), 12);
    }

    [Fact]
    public void Scalar_Unreadable_IsInvalidInputWithTheColumn()
    {
        var result = ExpressionFunctions.Scalar("x^2 + * y", ["x", "y"]);

        Assert.Equal(SolverFailureKind.InvalidInput, result.Failure?.Kind);
        Assert.Contains("column", result.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Value_OutsideTheDomain_IsNaNSoSolversFailCleanly()
    {
        var f = ExpressionFunctions.Univariate("log(x)", "x").Expect();

        Assert.True(double.IsNaN(f.Value(-1)));
        Assert.Equal(SolverFailureKind.NonFinite, NewtonRaphson.Iterate(f.Value, f.Derivative, -1, 2).Failure?.Kind);
    }

    [Theory]
    [InlineData("a*exp(b*x)", "not linear")]
    [InlineData("a*x + b + 1", "without a parameter")]
    public void LinearBasis_ModelNotLinearInItsParameters_IsRejected(string model, string reason)
    {
        var result = ExpressionFunctions.LinearBasis(model, "x", ["a", "b"]);

        Assert.Equal(SolverFailureKind.InvalidInput, result.Failure?.Kind);
        Assert.Contains(reason, result.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Model_ParameterGradient_IsWithRespectToTheParameters()
    {
        var model = ExpressionFunctions.Model("A*exp(-x/tau)", "x", ["A", "tau"]).Expect();

        var g = model.ParameterGradient!(2, [3, 0.5]);

        Assert.Equal(Math.Exp(-4), g[0], 14);
        Assert.Equal(3 * Math.Exp(-4) * 2 / 0.25, g[1], 12);
    }
}
