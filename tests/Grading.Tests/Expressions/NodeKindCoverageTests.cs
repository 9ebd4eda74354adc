using GraderHub.Grading.Equivalence;
using GraderHub.Grading.Expressions;

namespace GraderHub.Grading.Tests.Expressions;

// Every Expr and SyntaxNode kind, and every FunctionKind, goes through every switch. The node lists
// are discovered by reflection, so a new node kind without a sample here fails the first test.
public class NodeKindCoverageTests
{
    private static readonly string[] Vars = ["x"];

    private static readonly Dictionary<Type, Expr> ExprSamples = new()
    {
        [typeof(Number)] = Expr.Num(3, 4),
        [typeof(Constant)] = Expr.Pi,
        [typeof(Symbol)] = Expr.Sym("x"),
        [typeof(Sum)] = Expr.Add(Expr.Sym("x"), Expr.One),
        [typeof(Product)] = Expr.Mul(Expr.Num(2), Expr.Sym("x"), Expr.Call(FunctionKind.Sin, Expr.Sym("x"))),
        [typeof(Power)] = Expr.Pow(Expr.Sym("x"), Expr.Sym("x")),
        [typeof(Call)] = Expr.Call(FunctionKind.Exp, Expr.Sym("x")),
    };

    private static readonly Dictionary<Type, string> SyntaxSamples = new()
    {
        [typeof(NumberSyntax)] = "2.5",
        [typeof(NameSyntax)] = "pi",
        [typeof(NegateSyntax)] = "-x",
        [typeof(BinarySyntax)] = "x^2",
        [typeof(CallSyntax)] = "sin^2 x",
        [typeof(AbsSyntax)] = "|x|",
        [typeof(GroupSyntax)] = "(x)",
    };

    private static IEnumerable<Type> ConcreteSubclasses(Type root) =>
        root.Assembly.GetTypes().Where(t => t.IsSubclassOf(root) && !t.IsAbstract);

    [Fact]
    public void Samples_CoverEveryNodeKind()
    {
        Assert.Equal(ConcreteSubclasses(typeof(Expr)).OrderBy(t => t.Name), ExprSamples.Keys.OrderBy(t => t.Name));
        Assert.Equal(ConcreteSubclasses(typeof(SyntaxNode)).OrderBy(t => t.Name), SyntaxSamples.Keys.OrderBy(t => t.Name));
        foreach (var (type, sample) in ExprSamples)
        {
            Assert.IsType(type, sample);
        }
    }

    public static TheoryData<string> ExprKinds() => new(ExprSamples.Keys.Select(t => t.Name));

    [Theory]
    [MemberData(nameof(ExprKinds))]
    public void EveryExprSwitch_HandlesKind(string kind)
    {
        var e = ExprSamples.Single(kv => kv.Key.Name == kind).Value;
        var wrapped = Expr.Add(Expr.Mul(Expr.Num(3), e), Expr.Pow(e, Expr.Num(2)));
        foreach (var sample in new[] { e, wrapped })
        {
            Assert.NotNull(Differentiator.Differentiate(sample, "x"));
            Assert.False(string.IsNullOrEmpty(ExprPrinter.ToText(sample)));
            Assert.False(string.IsNullOrEmpty(ExprPrinter.ToLatex(sample)));
            Assert.Equal(sample, MathExpression.ParseCanonical(ExprPrinter.ToText(sample), Vars));
            Assert.Equal(EvalStatus.Ok, CompiledExpr.Compile(sample, Vars).Evaluate([0.7]).Status);
            Assert.NotNull(Expr.Expand(sample));
            Assert.True(sample.NodeCount() >= 1);
            Assert.Equal(sample, sample.Substitute(new Dictionary<string, Expr>()));
            _ = sample.DependsOn("x");
            Assert.Equal(0, ExprOrder.Instance.Compare(sample, sample));
            Assert.True(Taylor.Univariate(sample, "x", Expr.Half, 2).Succeeded);
        }
    }

    public static TheoryData<string> SyntaxKinds() => new(SyntaxSamples.Keys.Select(t => t.Name));

    [Theory]
    [MemberData(nameof(SyntaxKinds))]
    public void EverySyntaxSwitch_HandlesKind(string kind)
    {
        var text = SyntaxSamples.Single(kv => kv.Key.Name == kind).Value;
        var parsed = MathExpression.Parse("2*" + text + " + " + text, Vars).Expression!;
        Assert.False(string.IsNullOrEmpty(SyntaxPrinter.ToText(parsed.Syntax)));
        Assert.False(string.IsNullOrEmpty(SyntaxPrinter.ToLatex(parsed.Syntax)));
        Assert.Null(Lowering.CheckGuards(parsed.Syntax));
        Assert.Equal(EvalStatus.Ok, CompiledExpr.Compile(parsed.Raw, Vars).Evaluate([0.7]).Status);
        Assert.NotNull(parsed.Canonical);
        _ = parsed.ContainsDecimal;
    }

    public static TheoryData<FunctionKind> Functions() => new(Enum.GetValues<FunctionKind>());

    [Theory]
    [MemberData(nameof(Functions))]
    public void EveryFunctionSwitch_HandlesKind(FunctionKind f)
    {
        var name = ExprPrinter.FunctionName(f);
        Assert.False(string.IsNullOrEmpty(ExprPrinter.LatexFunctionName(f)));
        var raw = MathExpression.Parse(name + "(x/2)", Vars).Expression!;
        // Raw evaluation keeps the function as typed; canonical form may rewrite it (sec -> 1/cos).
        var rawValue = CompiledExpr.Compile(raw.Raw, Vars).Evaluate([0.7]);
        var canonicalValue = CompiledExpr.Compile(raw.Canonical, Vars).Evaluate([0.7]);
        Assert.Equal(EvalStatus.Ok, rawValue.Status);
        Assert.Equal(rawValue.Value, canonicalValue.Value, 12);
        Assert.NotNull(Differentiator.Outer(f, Expr.Sym("x")));
        // The symbolic derivative agrees with a central difference.
        var d = CompiledExpr.Compile(Differentiator.Differentiate(raw.Canonical, "x"), Vars).Evaluate([0.7]).Value;
        var p = CompiledExpr.Compile(raw.Raw, Vars);
        var numeric = (p.Evaluate([0.7 + 1e-6]).Value - p.Evaluate([0.7 - 1e-6]).Value) / 2e-6;
        Assert.Equal(numeric, d, 5);
        Assert.Equal(EquivalenceVerdict.Equivalent, EquivalenceChecker.Check(name + "(x)", name + "(x)", Vars).Verdict);
    }
}
