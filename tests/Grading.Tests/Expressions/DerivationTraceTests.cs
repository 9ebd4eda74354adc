using GraderHub.Grading.Expressions;
using Rule = GraderHub.Grading.Expressions.DerivationTrace.Rule;

namespace GraderHub.Grading.Tests.Expressions;

public class DerivationTraceTests
{
    private static Expr C(string text) =>
        MathExpression.Parse(text, ["x", "y"]).Expression?.Canonical ?? throw new InvalidOperationException(text);

    [Theory]
    [InlineData("x^3 sin(x)", Rule.Product)]
    [InlineData("3x^2", Rule.ConstantMultiple)]
    [InlineData("sin(x^2)", Rule.Chain)]
    [InlineData("sin(x)", Rule.Elementary)]
    [InlineData("x^2 + x", Rule.Sum)]
    [InlineData("2^x", Rule.Exponential)]
    [InlineData("x^x", Rule.GeneralPower)]
    [InlineData("x^5", Rule.Power)]
    public void Differentiate_WithTrace_FirstStepIsTheOuterRule(string f, Rule expected)
    {
        var trace = new DerivationTrace();
        Differentiator.Differentiate(C(f), "x", trace);
        Assert.Equal(expected, trace.Steps[0].Rule);
        Assert.Equal(0, trace.Steps[0].Depth);
    }

    // The trace records what the differentiator computed: the same result, and every step's result
    // is that node's derivative.
    [Theory]
    [InlineData("x^3 sin(x)")]
    [InlineData("exp(x y) + log(x^2 + 1)")]
    [InlineData("x^x / (1 + x)")]
    public void Differentiate_WithTrace_SameResultAndEachStepIsItsNodesDerivative(string f)
    {
        var trace = new DerivationTrace();
        var traced = Differentiator.Differentiate(C(f), "x", trace);
        Assert.Equal(Differentiator.Differentiate(C(f), "x"), traced);
        Assert.All(trace.Steps, s => Assert.Equal(Differentiator.Differentiate(s.Expression, "x"), s.Result));
        Assert.Contains(trace.Steps, s => s.Depth > 0);
    }

    [Fact]
    public void Differentiate_ATermFreeOfTheVariable_IsAConstantStep()
    {
        var trace = new DerivationTrace();
        Differentiator.Differentiate(C("x + sin(y)"), "x", trace);
        Assert.Contains(trace.Steps, s => s.Rule == Rule.Constant && s.Expression.DependsOn("y"));
    }

    [Fact]
    public void Differentiate_PastTheLimit_StopsWritingAndSaysSo()
    {
        var trace = new DerivationTrace(maxSteps: 3);
        Differentiator.Differentiate(C("x^3 sin(x) cos(x) exp(x)"), "x", trace);
        Assert.Equal(3, trace.Steps.Count);
        Assert.True(trace.Truncated);
    }
}
