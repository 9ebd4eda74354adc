using GraderHub.Grading.Expressions;

namespace GraderHub.Grading.Tests.Expressions;

public class TaylorTests
{
    private static Expr C(string text) => MathExpression.Parse(text, ["x", "y"]).Expression?.Canonical ?? throw new InvalidOperationException(text);

    private static Dictionary<string, Expr> At(params (string Name, string Value)[] point) =>
        point.ToDictionary(p => p.Name, p => C(p.Value), StringComparer.Ordinal);

    [Theory]
    [InlineData("exp(x)", "0", 3, "1 + x + x^2/2 + x^3/6")]
    [InlineData("sin(x)", "0", 5, "x - x^3/6 + x^5/120")]
    [InlineData("sqrt(x)", "4", 2, "2 + (x-4)/4 - (x-4)^2/64")]
    [InlineData("1/(1-x)", "0", 4, "1 + x + x^2 + x^3 + x^4")]
    [InlineData("log(x)", "1", 3, "(x-1) - (x-1)^2/2 + (x-1)^3/3")]
    [InlineData("x^3", "2", 0, "8")]
    public void Univariate_KnownSeries(string f, string a, int order, string expected)
    {
        var result = Taylor.Univariate(C(f), "x", C(a), order);
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(Expr.Expand(C(expected)), result.Polynomial);
    }

    [Fact]
    public void Multivariate_SecondOrder_IsValuePlusGradientPlusHalfHessian()
    {
        var f = C("exp(x)*cos(y) + x^2 y");
        var result = Taylor.Expand(f, At(("x", "1"), ("y", "0")), 2);
        Assert.True(result.Succeeded, result.Error);
        // f(a) + J(a) h + 1/2 h^T H(a) h, built from the gradient and Hessian directly.
        string[] vars = ["x", "y"];
        var point = At(("x", "1"), ("y", "0"));
        var h = new[] { C("x - 1"), C("y") };
        var terms = new List<Expr> { f.Substitute(point) };
        var gradient = Differentiator.Gradient(f, vars);
        var hessian = Differentiator.Hessian(f, vars);
        for (var i = 0; i < 2; i++)
        {
            terms.Add(Expr.Mul(gradient[i].Substitute(point), h[i]));
            for (var j = 0; j < 2; j++)
            {
                terms.Add(Expr.Mul(Expr.Half, hessian[i][j].Substitute(point), h[i], h[j]));
            }
        }
        Assert.Equal(Expr.Expand(Expr.Add(terms)), result.Polynomial);
    }

    [Fact]
    public void Linearise_IsFirstOrder()
    {
        var result = Taylor.Linearise(C("x^2 + x y"), At(("x", "1"), ("y", "2")));
        Assert.Equal(Expr.Expand(C("3 + 4(x-1) + (y-2)")), result.Polynomial);
    }

    [Theory]
    [InlineData("log(x)", "0")]
    [InlineData("sqrt(x)", "0")]
    [InlineData("abs(x)^(1/2)", "0")]
    public void Expand_AtNonDifferentiablePoint_ReportsError(string f, string a)
    {
        var result = Taylor.Univariate(C(f), "x", C(a), 2);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public void Expand_OrderOutOfRange_ReportsError() =>
        Assert.False(Taylor.Univariate(C("exp(x)"), "x", Expr.Zero, 50).Succeeded);
}
