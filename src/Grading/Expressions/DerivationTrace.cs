namespace GraderHub.Grading.Expressions;

// The rules the differentiator applied, in the order a person would write them down: each step
// is one node of the expression, its rule and its derivative, outer steps before the inner ones
// they need. Filled by Differentiator.Differentiate(e, x, trace) as it differentiates, so a worked
// solution shows the engine's own computation, not a second one that could disagree with it.
public sealed class DerivationTrace(int maxSteps = DerivationTrace.DefaultMaxSteps)
{
    public const int DefaultMaxSteps = 60;

    public enum Rule { Constant, Variable, Sum, ConstantMultiple, Product, Power, Exponential, GeneralPower, Elementary, Chain }

    public sealed record Step(int Depth, Rule Rule, Expr Expression, string Variable, Expr Result)
    {
        // Constants and the variable itself are steps a reader does in their head.
        public bool IsTrivial => Rule is Rule.Constant or Rule.Variable;
    }

    private readonly List<Step?> _steps = [];
    private int _depth;

    public IReadOnlyList<Step> Steps => [.. _steps.OfType<Step>()];

    // Past maxSteps the trace keeps differentiating but stops writing (a solution that long
    // is not read); Truncated says so.
    public bool Truncated { get; private set; }

    internal int Begin()
    {
        _depth++;
        if (_steps.Count >= maxSteps)
        {
            Truncated = true;
            return -1;
        }
        _steps.Add(null);
        return _steps.Count - 1;
    }

    internal void End(int slot, Rule rule, Expr e, string x, Expr result)
    {
        _depth--;
        if (slot >= 0)
        {
            _steps[slot] = new Step(_depth, rule, e, x, result);
        }
    }

    // How a step reads in a solution, the rule in words and its general form.
    public static string Describe(Rule rule) => rule switch
    {
        Rule.Constant => "a constant has derivative 0",
        Rule.Variable => "the variable's derivative is 1",
        Rule.Sum => "sum rule: differentiate term by term",
        Rule.ConstantMultiple => "constant multiple rule: $(c\\,u)' = c\\,u'$",
        Rule.Product => "product rule: $(uv)' = u'v + uv'$",
        Rule.Power => "power rule: $(u^n)' = n\\,u^{n-1}\\,u'$",
        Rule.Exponential => "exponential rule: $(a^u)' = a^u \\ln a \\; u'$",
        Rule.GeneralPower => "general power rule: $(u^v)' = u^v\\,(v' \\ln u + v\\,u'/u)$",
        Rule.Elementary => "derivative of an elementary function",
        Rule.Chain => "chain rule: $(g(u))' = g'(u)\\,u'$",
    };
}
