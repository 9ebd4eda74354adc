using GraderHub.Grading.Problems;

namespace GraderHub.Grading.Tests.Problems;

// The author's solution with the variant's values, and the engine's worked solution for the kinds
// that are derivations (the rules it applied, then the reference it grades against).
public class SolutionTests
{
    private static Variant Variant(string yaml, int seed = 3)
    {
        var result = ProblemReader.Read(yaml, "test");
        return (result.Problem ?? throw new InvalidOperationException(string.Join("; ", result.Errors))).Variant(seed);
    }

    [Fact]
    public void Solution_AuthorsMarkdown_HasTheVariantsValues()
    {
        var v = Variant("""
            key: p
            title: P
            kind: derivative
            variables: [x]
            parameters: { a: { int: [2, 9] } }
            function: "a*x^2"
            wrt: x
            statement: "Differentiate $f(x) = {{f}}$."
            solution: "Bring the 2 down: $2 \\cdot {{a}} x$."
            """);
        var solution = v.Solution();
        Assert.NotNull(solution.AuthorMarkdown);
        Assert.DoesNotContain("{{a}}", solution.AuthorMarkdown);
        Assert.Matches(@"\$2 \\cdot \d x\$", solution.AuthorMarkdown);
    }

    public static TheoryData<string, string> DerivativeKinds() => new()
    {
        { "kind: derivative\nvariables: [x]\nfunction: \"x^3*sin(x)\"\nwrt: x", "product rule" },
        { "kind: partial_derivative\nvariables: [x, y]\nfunction: \"exp(x*y)\"\nwrt: y", "chain rule" },
        { "kind: gradient\nvariables: [x, y]\nfunction: \"x^2*y + sin(y)\"", "\\nabla f" },
        { "kind: jacobian\nvariables: [x, y]\ncomponents: [\"x*y\", \"x + y^2\"]", "Row 2" },
        { "kind: hessian\nvariables: [x, y]\nfunction: \"x^3*y\"", "H = " },
        { "kind: taylor\nvariables: [x]\nfunction: \"exp(2x)\"\nat: { x: 0 }\norder: 3", "f^{(3)}" },
        { "kind: taylor\nvariables: [x, y]\nfunction: \"exp(x) * cos(y)\"\nat: { x: 0, y: 0 }\norder: 2", "H(a)" },
    };

    [Theory]
    [MemberData(nameof(DerivativeKinds))]
    public void Solution_DerivativeKinds_HaveAWorkedSolutionWithTheRules(string kindLines, string expected)
    {
        var v = Variant("key: p\ntitle: P\nstatement: s\n" + kindLines);
        var worked = v.Solution().WorkedMarkdown;
        Assert.NotNull(worked);
        Assert.Contains(expected, worked, StringComparison.Ordinal);
        Assert.Contains("rule", worked, StringComparison.Ordinal);
    }

    [Fact]
    public void Solution_ANumericKind_HasNoWorkedSolutionButItsAnswer()
    {
        var v = Variant("""
            key: n
            title: N
            kind: newton
            variables: [x]
            function: "x^2 - 2"
            start: 1
            steps: 2
            statement: s
            """);
        Assert.Null(v.Solution().WorkedMarkdown);
        Assert.NotNull(v.Solution().AnswerText);
    }
}
