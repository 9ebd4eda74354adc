using GraderHub.Grading.Expressions;

namespace GraderHub.Grading.Tests.Expressions;

public class ParserTests
{
    private static readonly string[] X = ["x"];
    private static readonly string[] XY = ["x", "y"];

    private static Expr Canon(string text, params string[] vars)
    {
        var outcome = MathExpression.Parse(text, vars.Length == 0 ? X : vars);
        Assert.True(outcome.Succeeded, $"'{text}' failed: {outcome.Error?.Message}");
        return outcome.Expression!.Canonical;
    }

    // Each row: what a student types, and the same expression written without any ambiguity.
    [Theory]
    [InlineData("2x", "2*x")]
    [InlineData("3x^2y", "3*(x^2)*y")]
    [InlineData("x(x+1)", "x*(x+1)")]
    [InlineData("(x+1)(x-1)", "(x+1)*(x-1)")]
    [InlineData("2 sin(x)", "2*sin(x)")]
    [InlineData("2pi x", "2*pi*x")]
    [InlineData("-x^2", "-(x^2)")]
    [InlineData("2^3^2", "512")]
    [InlineData("x**2", "x^2")]
    [InlineData("1/2x", "(1/2)*x")]
    [InlineData("1/2*x", "x/2")]
    [InlineData("e^x^2", "exp(x^2)")]
    [InlineData("e^-x", "exp(-x)")]
    [InlineData("sin^2(x)", "sin(x)^2")]
    [InlineData("cos^2 x", "cos(x)^2")]
    [InlineData("sin x^2", "sin(x^2)")]
    [InlineData("sin 2x", "sin(2*x)")]
    [InlineData("sin x cos x", "sin(x)*cos(x)")]
    [InlineData("sin(x)^2", "(sin(x))^2")]
    [InlineData("ln(x)", "log(x)")]
    [InlineData("arcsin(x)", "asin(x)")]
    [InlineData("|x|", "abs(x)")]
    [InlineData("|x-1|^2", "(x-1)^2")]
    [InlineData("xy", "x*y")]
    [InlineData("sinx", "sin(x)")]
    [InlineData("0.5x", "x/2")]
    [InlineData("1.5e-3", "3/2000")]
    [InlineData("2e3x", "2000*x")]
    [InlineData("2ex", "2*e*x")]
    [InlineData("x^-2", "1/x^2")]
    [InlineData("2*-3", "-6")]
    [InlineData("- -x", "x")]
    [InlineData("x/y/2", "(x/y)/2")]
    [InlineData("x - y - 1", "(x-y)-1")]
    [InlineData("sqrt(x^2)", "abs(x)")]
    [InlineData("sqrt(x)^2", "(x^(1/2))^2")]
    public void Parse_StudentInput_ReadsAsDocumented(string typed, string meaning) =>
        Assert.Equal(Canon(meaning, "x", "y"), Canon(typed, "x", "y"));

    [Theory]
    [InlineData("x1", "x_1")]
    [InlineData("w_12", "w12")]
    public void Parse_IndexedNames_MatchDeclaredSpelling(string typed, string declared)
    {
        var outcome = MathExpression.Parse(typed, [declared]);
        Assert.True(outcome.Succeeded);
        Assert.Equal(Expr.Sym(declared), outcome.Expression!.Canonical);
    }

    [Fact]
    public void Parse_GreekName_WhenDeclared_IsVariable()
    {
        var outcome = MathExpression.Parse("2theta + lambda", ["theta", "lambda"]);
        Assert.True(outcome.Succeeded);
        Assert.Equal(Expr.Add(Expr.Mul(Expr.Num(2), Expr.Sym("theta")), Expr.Sym("lambda")), outcome.Expression!.Canonical);
    }

    [Fact]
    public void Parse_EDeclaredAsVariable_IsTheVariable()
    {
        var outcome = MathExpression.Parse("e^x", ["e", "x"]);
        Assert.Equal(Expr.Pow(Expr.Sym("e"), Expr.Sym("x")), outcome.Expression!.Canonical);
    }

    [Theory]
    [InlineData("", 1, "empty")]
    [InlineData("   ", 1, "empty")]
    [InlineData("(x+1", 5, "Missing ')'")]
    [InlineData("sqrt(x", 7, "Missing ')'")]
    [InlineData("2x +* 3", 5, "Two operators")]
    [InlineData("x = 2", 3, "not an equation")]
    [InlineData("(10^10)!", 8, "Factorial")]
    [InlineData("2·x", 2, "Use *")]
    [InlineData("\\frac{1}{x}", 1, "LaTeX")]
    [InlineData("x)", 2, "')' without")]
    [InlineData("2 3", 3, "Missing operator")]
    [InlineData("sni(x)", 1, "Did you mean 'sin'")]
    [InlineData("sinn(x)", 1, "Did you mean 'sin'")]
    [InlineData("2*x*yy", 5, "Unknown variable 'yy'")]
    [InlineData("x + y", 5, "Unknown variable 'y'")]
    [InlineData("x +", 4, "ends too early")]
    [InlineData("sin^-1(x)", 4, "ambiguous")]
    [InlineData("sin", 1, "needs an argument")]
    [InlineData("()", 2, "Empty brackets")]
    [InlineData("9^9^9^9", 4, "exponent is too large")]
    [InlineData("1,5x", 2, "decimal point")]
    public void Parse_Malformed_ReportsMessageAndColumn(string text, int column, string fragment)
    {
        var outcome = MathExpression.Parse(text, X);
        Assert.False(outcome.Succeeded);
        Assert.Contains(fragment, outcome.Error!.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(column, outcome.Error.Column);
    }

    [Fact]
    public void Parse_TooLong_ReportsLength()
    {
        var outcome = MathExpression.Parse(string.Concat(Enumerable.Repeat("x+", 1001)) + "x", X);
        Assert.False(outcome.Succeeded);
        Assert.Contains("too long", outcome.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DeepNesting_ReportsErrorWithoutOverflow()
    {
        var outcome = MathExpression.Parse(new string('(', 900) + "x" + new string(')', 900), X);
        Assert.False(outcome.Succeeded);
        Assert.Contains("nested too deeply", outcome.Error!.Message, StringComparison.Ordinal);
        var unary = MathExpression.Parse(new string('-', 1500) + "x", X);
        Assert.False(unary.Succeeded);
    }

    [Fact]
    public void Parse_ErrorWithCaret_PointsAtColumn()
    {
        var outcome = MathExpression.Parse("2x +* 3", X);
        Assert.Equal("Two operators in a row: '*' needs a number, a variable or '(' before it.\n2x +* 3\n    ^", outcome.Error!.WithCaret("2x +* 3"));
    }

    // Every pair of binary operators: a op1 b op2 c must group by precedence, then associativity.
    [Theory]
    [InlineData("+", "+", false)]
    [InlineData("+", "-", false)]
    [InlineData("-", "+", false)]
    [InlineData("-", "-", false)]
    [InlineData("+", "*", true)]
    [InlineData("+", "/", true)]
    [InlineData("+", "^", true)]
    [InlineData("-", "*", true)]
    [InlineData("-", "/", true)]
    [InlineData("-", "^", true)]
    [InlineData("*", "+", false)]
    [InlineData("*", "-", false)]
    [InlineData("*", "*", false)]
    [InlineData("*", "/", false)]
    [InlineData("*", "^", true)]
    [InlineData("/", "+", false)]
    [InlineData("/", "-", false)]
    [InlineData("/", "*", false)]
    [InlineData("/", "/", false)]
    [InlineData("/", "^", true)]
    [InlineData("^", "+", false)]
    [InlineData("^", "-", false)]
    [InlineData("^", "*", false)]
    [InlineData("^", "/", false)]
    [InlineData("^", "^", true)]
    public void Parse_OperatorPair_GroupsByPrecedenceAndAssociativity(string op1, string op2, bool rightGroups)
    {
        string[] vars = ["a", "b", "c"];
        var plain = Canon($"a {op1} b {op2} c", vars);
        var grouped = rightGroups ? Canon($"a {op1} (b {op2} c)", vars) : Canon($"(a {op1} b) {op2} c", vars);
        Assert.Equal(grouped, plain);
    }

    [Theory]
    [InlineData("2x e^(x^2)", "2 x e^{x^{2}}")]
    [InlineData("1/2x", "\\frac{1}{2} x")]
    [InlineData("sin x^2", "\\sin\\left(x^{2}\\right)")]
    public void Preview_Latex_ShowsTheReading(string text, string latex)
    {
        var outcome = MathExpression.Parse(text, X);
        Assert.Equal(latex, SyntaxPrinter.ToLatex(outcome.Expression!.Syntax));
    }

    [Fact]
    public void PreviewText_ReparsesToSameExpression()
    {
        foreach (var text in new[] { "1/2x", "sin x^2", "2x(x+1)^3", "|x-1|/x", "sin^2 x + cos^2(x)" })
        {
            var first = MathExpression.Parse(text, X).Expression!;
            var again = MathExpression.Parse(SyntaxPrinter.ToText(first.Syntax), X).Expression!;
            Assert.Equal(first.Canonical, again.Canonical);
        }
    }
}
