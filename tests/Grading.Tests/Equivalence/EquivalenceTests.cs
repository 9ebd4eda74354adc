using GraderHub.Grading.Equivalence;

namespace GraderHub.Grading.Tests.Equivalence;

public class EquivalenceTests
{
    private static EquivalenceVerdict V(string reference, string answer, params string[] vars) =>
        EquivalenceChecker.Check(reference, answer, vars.Length == 0 ? ["x"] : vars).Verdict;

    [Theory]
    // Cancellation swamps double precision; 256-bit evaluation decides.
    [InlineData("0", "cosh(x)^2 - sinh(x)^2 - 1", EquivalenceVerdict.Equivalent)]
    [InlineData("0", "x - x + 10^-20", EquivalenceVerdict.NotEquivalent)]
    // Long typed constants differ from the exact value below double resolution.
    [InlineData("pi x", "3.141592653589793 x", EquivalenceVerdict.NotEquivalent)]
    [InlineData("x/6", "0.1666666666666667 x", EquivalenceVerdict.NotEquivalent)]
    [InlineData("sqrt(2) x", "1.4142135623730951 x", EquivalenceVerdict.NotEquivalent)]
    [InlineData("x/8", "0.125 x", EquivalenceVerdict.Equivalent)]
    [InlineData("123456789 x", "x*123456789", EquivalenceVerdict.Equivalent)]
    // Domain policy: the answer must be real wherever the reference is.
    [InlineData("2/x", "2*sqrt(x)^2/x^2", EquivalenceVerdict.NotEquivalent)]
    [InlineData("1", "(abs(x)-x)/(abs(x)-x)", EquivalenceVerdict.NotEquivalent)]
    [InlineData("sqrt(x)^2", "x", EquivalenceVerdict.Equivalent)]
    [InlineData("log(x^2)", "2 log(abs(x))", EquivalenceVerdict.Equivalent)]
    // Agreement at integers only.
    [InlineData("x^2", "x^2 + sin(pi x)", EquivalenceVerdict.NotEquivalent)]
    // Nowhere real: nothing to compare.
    [InlineData("sqrt(-1 - x^2)", "0", EquivalenceVerdict.Undetermined)]
    public void Check_HardCases(string reference, string answer, EquivalenceVerdict expected) =>
        Assert.Equal(expected, V(reference, answer));

    [Fact]
    public void Check_Domain_RestrictsSampling()
    {
        var options = new EquivalenceOptions { Domain = new Dictionary<string, Interval> { ["x"] = new(0.1, 10) } };
        Assert.Equal(EquivalenceVerdict.Equivalent, EquivalenceChecker.Check("sqrt(x^2)", "x", ["x"], options).Verdict);
        Assert.Equal(EquivalenceVerdict.NotEquivalent, EquivalenceChecker.Check("sqrt(x^2)", "x", ["x"]).Verdict);
    }

    [Fact]
    public void Check_NotEquivalent_GivesWitnessInDomain()
    {
        var result = EquivalenceChecker.Check("log(x)", "log(x) + 0.001", ["x"]);
        Assert.Equal(EquivalenceVerdict.NotEquivalent, result.Verdict);
        Assert.True(result.Witness!["x"] > 0);
    }

    [Fact]
    public void Check_InvalidAnswer_HasColumn()
    {
        var result = EquivalenceChecker.Check("x", "x +* 2", ["x"]);
        Assert.Equal(EquivalenceVerdict.Invalid, result.Verdict);
        Assert.Equal(4, result.ErrorColumn);
    }
}
