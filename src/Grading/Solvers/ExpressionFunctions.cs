using GraderHub.Grading.Expressions;

namespace GraderHub.Grading.Solvers;

public sealed record UnivariateFunction(Func<double, double> Value, Func<double, double> Derivative);

public sealed record VectorFunction(Func<double[], double[]> Value, Func<double[], double[,]> Jacobian);

// The bridge from what an author writes to the solvers' delegates: parsed by the expression engine
// and differentiated exactly by it, then compiled once. A value outside the real domain (log of a
// negative) evaluates to NaN, which every solver turns into a typed failure.
public static class ExpressionFunctions
{
    public static SolverResult<UnivariateFunction> Univariate(string text, string variable)
    {
        if (Parse(text, [variable]) is not { } e)
        {
            return Invalid<UnivariateFunction>(text, [variable]);
        }

        var f = Compile(e, [variable]);
        var df = Compile(Differentiator.Differentiate(e, variable), [variable]);
        return Solver.Ok(new UnivariateFunction(x => f([x]), x => df([x])));
    }

    public static SolverResult<ScalarFunction> Scalar(string text, IReadOnlyList<string> variables)
    {
        if (Parse(text, variables) is not { } e)
        {
            return Invalid<ScalarFunction>(text, variables);
        }

        var value = Compile(e, variables);
        var gradient = CompileVector(Differentiator.Gradient(e, variables), variables);
        var hessian = CompileMatrix(Differentiator.Hessian(e, variables), variables);
        return Solver.Ok(new ScalarFunction(value, gradient, hessian));
    }

    // An equation "lhs = rhs" becomes lhs - rhs; an expression alone is taken as "= 0".
    public static SolverResult<ScalarFunction> Constraint(string text, IReadOnlyList<string> variables)
    {
        var parts = text.Split('=');
        return parts.Length switch
        {
            1 => Scalar(text, variables),
            2 => Scalar($"({parts[0]}) - ({parts[1]})", variables),
            _ => Solver.Fail<ScalarFunction>(SolverFailureKind.InvalidInput, $"'{text}' has more than one '='"),
        };
    }

    public static SolverResult<VectorFunction> Vector(IReadOnlyList<string> components, IReadOnlyList<string> variables)
    {
        var parsed = new List<Expr>();
        foreach (var text in components)
        {
            if (Parse(text, variables) is not { } e)
            {
                return Invalid<VectorFunction>(text, variables);
            }

            parsed.Add(e);
        }

        var value = CompileVector(parsed, variables);
        var jacobian = CompileMatrix(Differentiator.Jacobian(parsed, variables), variables);
        return Solver.Ok(new VectorFunction(value, jacobian));
    }

    // y = model(x; p): the gradient is with respect to the parameters.
    public static SolverResult<NonlinearModel> Model(string text, string xVariable, IReadOnlyList<string> parameters)
    {
        IReadOnlyList<string> all = [xVariable, .. parameters];
        if (Parse(text, all) is not { } e)
        {
            return Invalid<NonlinearModel>(text, all);
        }

        var value = Compile(e, all);
        var gradient = CompileVector(Differentiator.Gradient(e, parameters), all);
        return Solver.Ok(new NonlinearModel((x, p) => value([x, .. p]), (x, p) => gradient([x, .. p])));
    }

    // A model linear in its parameters, y = sum_j p_j phi_j(x): the basis functions are its
    // derivatives with respect to the parameters, which must not depend on the parameters, and
    // there must be no term without a parameter (it would have to be subtracted from the data).
    public static SolverResult<IReadOnlyList<Func<double, double>>> LinearBasis(string text, string xVariable, IReadOnlyList<string> parameters)
    {
        IReadOnlyList<string> all = [xVariable, .. parameters];
        if (Parse(text, all) is not { } e)
        {
            return Invalid<IReadOnlyList<Func<double, double>>>(text, all);
        }

        var zero = parameters.ToDictionary(p => p, _ => Expr.Zero, StringComparer.Ordinal);
        var basis = new List<Func<double, double>>();
        foreach (var p in parameters)
        {
            var phi = Differentiator.Differentiate(e, p);
            if (parameters.Any(q => Differentiator.Differentiate(phi, q) is not Number { Value.IsZero: true }))
            {
                return Solver.Fail<IReadOnlyList<Func<double, double>>>(SolverFailureKind.InvalidInput, $"the model is not linear in {p}: use a non-linear fit");
            }

            var program = Compile(phi, [xVariable]);
            basis.Add(x => program([x]));
        }

        return e.Substitute(zero) is Number { Value.IsZero: true }
            ? Solver.Ok<IReadOnlyList<Func<double, double>>>(basis)
            : Solver.Fail<IReadOnlyList<Func<double, double>>>(SolverFailureKind.InvalidInput, "the model has a term without a parameter");
    }

    internal static Expr? Parse(string text, IReadOnlyList<string> variables) =>
        MathExpression.Parse(text, variables).Expression?.Canonical;

    internal static Func<double[], double> Compile(Expr e, IReadOnlyList<string> variables)
    {
        var program = CompiledExpr.Compile(e, variables);
        return x =>
        {
            var result = program.Evaluate(x);
            return result.Status == EvalStatus.Ok ? result.Value : double.NaN;
        };
    }

    private static Func<double[], double[]> CompileVector(IReadOnlyList<Expr> items, IReadOnlyList<string> variables)
    {
        var programs = items.Select(e => Compile(e, variables)).ToArray();
        return x => programs.Select(p => p(x)).ToArray();
    }

    private static Func<double[], double[,]> CompileMatrix(IReadOnlyList<IReadOnlyList<Expr>> rows, IReadOnlyList<string> variables)
    {
        var programs = rows.Select(r => r.Select(e => Compile(e, variables)).ToArray()).ToArray();
        return x =>
        {
            var m = new double[programs.Length, programs.Length == 0 ? 0 : programs[0].Length];
            for (var i = 0; i < programs.Length; i++)
            {
                for (var j = 0; j < programs[i].Length; j++)
                {
                    m[i, j] = programs[i][j](x);
                }
            }

            return m;
        };
    }

    private static SolverResult<T> Invalid<T>(string text, IReadOnlyList<string> variables)
        where T : class
    {
        var error = MathExpression.Parse(text, variables).Error;
        return Solver.Fail<T>(SolverFailureKind.InvalidInput, $"'{text}' cannot be read: {error?.Message} (column {error?.Column})");
    }
}
