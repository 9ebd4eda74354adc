using GraderHub.Grading.Expressions;

namespace GraderHub.Grading.Tests.Expressions;

public class DifferentiatorTests
{
    private static Expr C(string text, params string[] vars) =>
        MathExpression.Parse(text, vars.Length == 0 ? ["x", "y"] : vars).Expression?.Canonical
        ?? throw new InvalidOperationException(text);

    // Compared as canonical forms (expanded on both sides), never as strings.
    [Theory]
    [InlineData("x^5", "5x^4")]
    [InlineData("3x^2 - 2x + 7", "6x - 2")]
    [InlineData("sqrt(x)", "1/(2 sqrt(x))")]
    [InlineData("1/x", "-1/x^2")]
    [InlineData("sin(x^2)", "2x cos(x^2)")]
    [InlineData("cos(3x)", "-3 sin(3x)")]
    [InlineData("tan(x)", "1 + tan(x)^2")]
    [InlineData("exp(x^2)", "2x exp(x^2)")]
    [InlineData("log(x)", "1/x")]
    [InlineData("x^x", "x^x (log(x) + 1)")]
    [InlineData("2^x", "2^x log(2)")]
    [InlineData("x sin(x)", "sin(x) + x cos(x)")]
    [InlineData("x/(x^2+1)", "1/(x^2+1) - 2x^2/(x^2+1)^2")]
    [InlineData("asin(x)", "1/sqrt(1-x^2)")]
    [InlineData("acos(x)", "-1/sqrt(1-x^2)")]
    [InlineData("atan(x)", "1/(1+x^2)")]
    [InlineData("sinh(x)", "cosh(x)")]
    [InlineData("cosh(x)", "sinh(x)")]
    [InlineData("tanh(x)", "1 - tanh(x)^2")]
    [InlineData("abs(x)", "x/abs(x)")]
    [InlineData("sec(x)", "sin(x)/cos(x)^2")]
    [InlineData("csc(x)", "-cos(x)/sin(x)^2")]
    [InlineData("cot(x)", "-1 - cos(x)^2/sin(x)^2")]
    [InlineData("x^2 y + y^3", "2 x y")]
    [InlineData("pi x + e", "pi")]
    [InlineData("7", "0")]
    public void Differentiate_KnownRule_GivesCanonicalDerivative(string f, string derivative)
    {
        var d = Differentiator.Differentiate(C(f), "x");
        Assert.Equal(Expr.Expand(C(derivative)), Expr.Expand(d));
    }

    [Fact]
    public void Gradient_Hessian_OfQuadratic()
    {
        var f = C("x^2 y + 3 y^2");
        var g = Differentiator.Gradient(f, ["x", "y"]);
        Assert.Equal(C("2 x y"), g[0]);
        Assert.Equal(C("x^2 + 6 y"), g[1]);
        var h = Differentiator.Hessian(f, ["x", "y"]);
        Assert.Equal(C("2y"), h[0][0]);
        Assert.Equal(C("2x"), h[0][1]);
        Assert.Equal(h[0][1], h[1][0]);
        Assert.Equal(C("6"), h[1][1]);
    }
}
