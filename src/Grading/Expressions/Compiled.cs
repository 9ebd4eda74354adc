using System.Diagnostics;

namespace GraderHub.Grading.Expressions;

public enum EvalStatus
{
    Ok,
    // Not real here: log of a non-positive number, division by zero, even root of a negative...
    Undefined,
    // Real in principle but beyond double range here: says nothing about the domain.
    Overflow,
}

// A value with a running bound on its absolute rounding error, so that a comparison can tell a real
// difference (2.718281828 vs e) from cancellation noise (1 - tanh(z)^2 at large z).
public readonly record struct Evaluation(double Value, double ErrorBound, EvalStatus Status);

// An expression compiled once to a flat postfix instruction array and evaluated at many points
// without allocation.
public sealed class CompiledExpr
{
    private enum Op : byte { Const, Var, Add, Mul, PowConst, PowIntConst, Pow, Func }

    private readonly record struct Instruction(Op Op, int Argument, double Value, FunctionKind Function);

    private const double Unit = 1.1102230246251565e-16;

    private readonly Instruction[] _code;
    private readonly int _stackSize;

    public IReadOnlyList<string> Variables { get; }

    private CompiledExpr(Instruction[] code, int stackSize, IReadOnlyList<string> variables)
    {
        _code = code;
        _stackSize = stackSize;
        Variables = variables;
    }

    public int StackSize => _stackSize;

    // Variables not in the list evaluate as NaN (undefined), which never happens for parsed input.
    public static CompiledExpr Compile(Expr e, IReadOnlyList<string> variables)
    {
        var code = new List<Instruction>();
        var max = 0;
        Emit(e, variables, code, 0, ref max);
        return new CompiledExpr(code.ToArray(), max, variables);
    }

    private static void Emit(Expr e, IReadOnlyList<string> variables, List<Instruction> code, int depth, ref int max)
    {
        max = Math.Max(max, depth + 1);
        switch (e)
        {
            case Number n:
                code.Add(new Instruction(Op.Const, 0, n.Value.ToDouble(), default));
                break;
            case Constant c:
                code.Add(new Instruction(Op.Const, 0, c.Kind == ConstantKind.Pi ? Math.PI : Math.E, default));
                break;
            case Symbol s:
            {
                var index = -1;
                for (var i = 0; i < variables.Count; i++)
                {
                    if (variables[i] == s.Name)
                    {
                        index = i;
                        break;
                    }
                }
                code.Add(new Instruction(Op.Var, index, 0, default));
                break;
            }
            case Sum s:
                for (var i = 0; i < s.Terms.Length; i++)
                {
                    Emit(s.Terms[i], variables, code, depth + i, ref max);
                }
                code.Add(new Instruction(Op.Add, s.Terms.Length, 0, default));
                break;
            case Product p:
                for (var i = 0; i < p.Factors.Length; i++)
                {
                    Emit(p.Factors[i], variables, code, depth + i, ref max);
                }
                code.Add(new Instruction(Op.Mul, p.Factors.Length, 0, default));
                break;
            case Power { Exponent: Number n } p:
                Emit(p.Base, variables, code, depth, ref max);
                // A fractional exponent follows the principal branch: undefined for a negative base.
                code.Add(new Instruction(n.Value.IsInteger ? Op.PowIntConst : Op.PowConst, 0, n.Value.ToDouble(), default));
                break;
            case Power p:
                Emit(p.Base, variables, code, depth, ref max);
                Emit(p.Exponent, variables, code, depth + 1, ref max);
                code.Add(new Instruction(Op.Pow, 0, 0, default));
                break;
            case Call c:
                Emit(c.Argument, variables, code, depth, ref max);
                code.Add(new Instruction(Op.Func, 0, 0, c.Function));
                break;
            default:
                throw new UnreachableException();
        }
    }

    public Evaluation Evaluate(ReadOnlySpan<double> point)
    {
        Span<double> values = _stackSize <= 128 ? stackalloc double[_stackSize] : new double[_stackSize];
        Span<double> errors = _stackSize <= 128 ? stackalloc double[_stackSize] : new double[_stackSize];
        return Evaluate(point, values, errors);
    }

    public Evaluation Evaluate(ReadOnlySpan<double> point, Span<double> values, Span<double> errors)
    {
        var sp = 0;
        var overflow = false;
        foreach (ref readonly var ins in _code.AsSpan())
        {
            switch (ins.Op)
            {
                case Op.Const:
                    values[sp] = ins.Value;
                    errors[sp] = Math.Abs(ins.Value) * Unit;
                    sp++;
                    break;
                case Op.Var:
                    values[sp] = ins.Argument >= 0 && ins.Argument < point.Length ? point[ins.Argument] : double.NaN;
                    if (double.IsNaN(values[sp]))
                    {
                        return new Evaluation(double.NaN, double.PositiveInfinity, EvalStatus.Undefined);
                    }
                    errors[sp] = 0;
                    sp++;
                    break;
                case Op.Add:
                {
                    var n = ins.Argument;
                    var start = sp - n;
                    double sum = 0, err = 0, magnitude = 0;
                    for (var i = start; i < sp; i++)
                    {
                        sum += values[i];
                        err += errors[i];
                        magnitude += Math.Abs(values[i]);
                    }
                    sp = start;
                    values[sp] = sum;
                    errors[sp] = err + n * Unit * magnitude;
                    sp++;
                    break;
                }
                case Op.Mul:
                {
                    var n = ins.Argument;
                    var start = sp - n;
                    double product = 1;
                    for (var i = start; i < sp; i++)
                    {
                        product *= values[i];
                    }
                    // First-order propagation: sum over i of err_i * prod_{j != i} |v_j|.
                    double err = 0;
                    for (var i = start; i < sp; i++)
                    {
                        if (errors[i] == 0)
                        {
                            continue;
                        }
                        var others = errors[i];
                        for (var j = start; j < sp; j++)
                        {
                            if (j != i)
                            {
                                others *= Math.Abs(values[j]);
                            }
                        }
                        err += others;
                    }
                    sp = start;
                    values[sp] = product;
                    errors[sp] = err + n * Unit * Math.Abs(product);
                    sp++;
                    break;
                }
                case Op.PowIntConst:
                case Op.PowConst:
                {
                    var b = values[sp - 1];
                    var eb = errors[sp - 1];
                    var c = ins.Value;
                    if ((b < 0 && ins.Op == Op.PowConst) || (b == 0 && c < 0))
                    {
                        return new Evaluation(double.NaN, double.PositiveInfinity, EvalStatus.Undefined);
                    }
                    var v = c == 2 ? b * b : c == -1 ? 1 / b : c == 0.5 ? Math.Sqrt(b) : Math.Pow(b, c);
                    var slope = b == 0 ? (c >= 1 ? 0 : double.PositiveInfinity) : Math.Abs(c * v / b);
                    values[sp - 1] = v;
                    errors[sp - 1] = (eb == 0 ? 0 : slope * eb) + 2 * Unit * Math.Abs(v);
                    break;
                }
                case Op.Pow:
                {
                    var b = values[sp - 2];
                    var w = values[sp - 1];
                    var eb = errors[sp - 2];
                    var ew = errors[sp - 1];
                    sp--;
                    // Principal branch: a negative base needs an integer exponent.
                    if ((b < 0 && w != Math.Floor(w)) || (b == 0 && w < 0))
                    {
                        return new Evaluation(double.NaN, double.PositiveInfinity, EvalStatus.Undefined);
                    }
                    var v = Math.Pow(b, w);
                    var err = 2 * Unit * Math.Abs(v);
                    if (eb != 0)
                    {
                        err += b == 0 ? double.PositiveInfinity : Math.Abs(w * v / b) * eb;
                    }
                    if (ew != 0)
                    {
                        err += b == 0 ? 0 : Math.Abs(v * Math.Log(Math.Abs(b))) * ew;
                    }
                    values[sp - 1] = v;
                    errors[sp - 1] = err;
                    break;
                }
                case Op.Func:
                {
                    var a = values[sp - 1];
                    var ea = errors[sp - 1];
                    var (v, slope, ok) = Apply(ins.Function, a);
                    if (!ok)
                    {
                        return new Evaluation(double.NaN, double.PositiveInfinity, EvalStatus.Undefined);
                    }
                    values[sp - 1] = v;
                    errors[sp - 1] = (ea == 0 ? 0 : Math.Abs(slope) * ea) + 4 * Unit * Math.Abs(v);
                    break;
                }
                default:
                    throw new UnreachableException();
            }
            if (!double.IsFinite(values[sp - 1]))
            {
                overflow = true;
                break;
            }
        }
        if (overflow)
        {
            return new Evaluation(double.NaN, double.PositiveInfinity, EvalStatus.Overflow);
        }
        var errorBound = errors[0];
        return new Evaluation(values[0], double.IsNaN(errorBound) ? double.PositiveInfinity : errorBound, EvalStatus.Ok);
    }

    // Value, |derivative| (for error propagation) and whether the argument is in the real domain.
    private static (double Value, double Slope, bool Ok) Apply(FunctionKind f, double a) => f switch
    {
        FunctionKind.Sin => (Math.Sin(a), Math.Cos(a), true),
        FunctionKind.Cos => (Math.Cos(a), Math.Sin(a), true),
        FunctionKind.Tan => Math.Cos(a) == 0 ? (0, 0, false) : (Math.Tan(a), 1 + Math.Tan(a) * Math.Tan(a), true),
        FunctionKind.Sec => Math.Cos(a) is var c && c == 0 ? (0, 0, false) : (1 / c, Math.Abs(Math.Sin(a) / (c * c)), true),
        FunctionKind.Csc => Math.Sin(a) is var s && s == 0 ? (0, 0, false) : (1 / s, Math.Abs(Math.Cos(a) / (s * s)), true),
        FunctionKind.Cot => Math.Sin(a) is var s && s == 0 ? (0, 0, false) : (Math.Cos(a) / s, 1 / (s * s), true),
        FunctionKind.Asin => a is < -1 or > 1 ? (0, 0, false) : (Math.Asin(a), 1 / Math.Sqrt(Math.Max(1e-300, 1 - a * a)), true),
        FunctionKind.Acos => a is < -1 or > 1 ? (0, 0, false) : (Math.Acos(a), 1 / Math.Sqrt(Math.Max(1e-300, 1 - a * a)), true),
        FunctionKind.Atan => (Math.Atan(a), 1 / (1 + a * a), true),
        FunctionKind.Sinh => (Math.Sinh(a), Math.Cosh(a), true),
        FunctionKind.Cosh => (Math.Cosh(a), Math.Abs(Math.Sinh(a)), true),
        FunctionKind.Tanh => Math.Tanh(a) is var t ? (t, 1 - t * t, true) : default,
        FunctionKind.Exp => Math.Exp(a) is var v ? (v, v, true) : default,
        FunctionKind.Log => a <= 0 ? (0, 0, false) : (Math.Log(a), 1 / a, true),
        FunctionKind.Sqrt => a < 0 ? (0, 0, false) : (Math.Sqrt(a), a == 0 ? double.PositiveInfinity : 0.5 / Math.Sqrt(a), true),
        FunctionKind.Abs => (Math.Abs(a), 1, true),
    };
}
