using System.Diagnostics;
using Rule = GraderHub.Grading.Expressions.DerivationTrace.Rule;

namespace GraderHub.Grading.Expressions;

// Symbolic differentiation: one switch over node kinds, one rule a line. Results are built with the
// smart constructors (canonical) and never go through a heuristic simplifier.
public static class Differentiator
{
    public static Expr Differentiate(Expr e, string x) => Differentiate(e, x, null);

    // With a trace, each rule applied is recorded (worked solutions); the result is the same.
    public static Expr Differentiate(Expr e, string x, DerivationTrace? trace)
    {
        var slot = trace?.Begin() ?? -1;
        Expr D(Expr u) => Differentiate(u, x, trace);
        var (rule, result) = e switch
        {
            Number or Constant => (Rule.Constant, Expr.Zero),
            Symbol s => s.Name == x ? (Rule.Variable, Expr.One) : (Rule.Constant, Expr.Zero),
            Sum s => (Rule.Sum, Expr.Add(s.Terms.Select(D))),
            Product p => (p.Factors.Count(f => f.DependsOn(x)) <= 1 ? Rule.ConstantMultiple : Rule.Product,
                Expr.Add(p.Factors.Select((f, i) => Expr.Mul(D(f), Others(p, i))))),
            Power { Exponent: var n } p when !n.DependsOn(x) =>
                (Rule.Power, Expr.Mul(n, Expr.Pow(p.Base, Expr.Sub(n, Expr.One)), D(p.Base))),
            Power { Base: var a } p when !a.DependsOn(x) =>
                (Rule.Exponential, Expr.Mul(p, Expr.Call(FunctionKind.Log, a), D(p.Exponent))),
            Power p => (Rule.GeneralPower, Expr.Mul(p, Expr.Add(
                Expr.Mul(D(p.Exponent), Expr.Call(FunctionKind.Log, p.Base)),
                Expr.Mul(p.Exponent, D(p.Base), Expr.Pow(p.Base, Expr.MinusOne))))),
            Call c => (c.Argument is Symbol { Name: var name } && name == x ? Rule.Elementary : Rule.Chain,
                Expr.Mul(Outer(c.Function, c.Argument), D(c.Argument))),
            _ => throw new UnreachableException(),
        };
        // A sub-expression free of x is a constant whatever its shape.
        trace?.End(slot, e.DependsOn(x) ? rule : Rule.Constant, e, x, result);
        return result;
    }

    private static Expr Others(Product p, int skip)
    {
        var rest = new Expr[p.Factors.Length - 1];
        for (int i = 0, k = 0; i < p.Factors.Length; i++)
        {
            if (i != skip)
            {
                rest[k++] = p.Factors[i];
            }
        }
        return Expr.Mul(rest);
    }

    // f'(u) for each function, written in terms of u.
    public static Expr Outer(FunctionKind f, Expr u) => f switch
    {
        FunctionKind.Sin => Expr.Call(FunctionKind.Cos, u),
        FunctionKind.Cos => Expr.Neg(Expr.Call(FunctionKind.Sin, u)),
        FunctionKind.Tan => Expr.Add(Expr.One, Expr.Pow(Expr.Call(FunctionKind.Tan, u), Expr.Num(2))),
        FunctionKind.Sec => Expr.Mul(Expr.Call(FunctionKind.Sec, u), Expr.Call(FunctionKind.Tan, u)),
        FunctionKind.Csc => Expr.Neg(Expr.Mul(Expr.Call(FunctionKind.Csc, u), Expr.Call(FunctionKind.Cot, u))),
        FunctionKind.Cot => Expr.Neg(Expr.Pow(Expr.Call(FunctionKind.Sin, u), Expr.Num(-2))),
        FunctionKind.Asin => Expr.Pow(Expr.Sub(Expr.One, Expr.Pow(u, Expr.Num(2))), Expr.Num(-1, 2)),
        FunctionKind.Acos => Expr.Neg(Expr.Pow(Expr.Sub(Expr.One, Expr.Pow(u, Expr.Num(2))), Expr.Num(-1, 2))),
        FunctionKind.Atan => Expr.Pow(Expr.Add(Expr.One, Expr.Pow(u, Expr.Num(2))), Expr.MinusOne),
        FunctionKind.Sinh => Expr.Call(FunctionKind.Cosh, u),
        FunctionKind.Cosh => Expr.Call(FunctionKind.Sinh, u),
        FunctionKind.Tanh => Expr.Sub(Expr.One, Expr.Pow(Expr.Call(FunctionKind.Tanh, u), Expr.Num(2))),
        FunctionKind.Exp => Expr.Call(FunctionKind.Exp, u),
        FunctionKind.Log => Expr.Pow(u, Expr.MinusOne),
        FunctionKind.Sqrt => Expr.Mul(Expr.Half, Expr.Pow(u, Expr.Num(-1, 2))),
        FunctionKind.Abs => Expr.Mul(u, Expr.Pow(Expr.Call(FunctionKind.Abs, u), Expr.MinusOne)),
    };

    public static IReadOnlyList<Expr> Gradient(Expr e, IReadOnlyList<string> variables) =>
        variables.Select(v => Differentiate(e, v)).ToArray();

    public static IReadOnlyList<IReadOnlyList<Expr>> Jacobian(IReadOnlyList<Expr> functions, IReadOnlyList<string> variables) =>
        functions.Select(f => Gradient(f, variables)).ToArray();

    public static IReadOnlyList<IReadOnlyList<Expr>> Hessian(Expr e, IReadOnlyList<string> variables) =>
        variables.Select(a => (IReadOnlyList<Expr>)variables.Select(b => Differentiate(Differentiate(e, a), b)).ToArray()).ToArray();
}
