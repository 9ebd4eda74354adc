using GraderHub.Grading.Expressions;

namespace GraderHub.Grading.Solvers;

public sealed record UnivariateFunction(Func<double, double> Value, Func<double, double> Derivative);

public sealed record VectorFunction(Func<double[], double[]> Value, Func<double[], double[,]> Jacobian);

// lhs = rhs, as the solvers take a constraint: lhs - rhs = 0.
public sealed record Equation(Expr Left, Expr Right)
{
    public Expr Residual => Expr.Sub(Left, Right);
}

// The bridge from expressions to the solvers' delegates: differentiated exactly by the expression
// engine, then compiled once. Problem kinds pass the variant's Expr; the text overloads parse first
// (for callers that start from text, such as the solver tests). A value outside the real domain (log of a
// negative) evaluates to NaN, which every solver turns into a typed failure.
public static class ExpressionFunctions
{
    public static SolverResult<UnivariateFunction> Univariate(string text, string variable) =>
        Parse(text, [variable]) is { } e ? Univariate(e, variable) : Invalid<UnivariateFunction>(text, [variable]);

    public static SolverResult<UnivariateFunction> Univariate(Expr e, string variable)
    {
        var f = Compile(e, [variable]);
        var df = Compile(Differentiator.Differentiate(e, variable), [variable]);
        return Solver.Ok(new UnivariateFunction(x => f([x]), x => df([x])));
    }

    public static SolverResult<ScalarFunction> Scalar(string text, IReadOnlyList<string> variables) =>
        Parse(text, variables) is { } e ? Scalar(e, variables) : Invalid<ScalarFunction>(text, variables);

    public static SolverResult<ScalarFunction> Scalar(Expr e, IReadOnlyList<string> variables)
    {
        var value = Compile(e, variables);
        var gradient = CompileVector(Differentiator.Gradient(e, variables), variables);
        var hessian = CompileMatrix(Differentiator.Hessian(e, variables), variables);
        return Solver.Ok(new ScalarFunction(value, gradient, hessian));
    }

    // An equation "lhs = rhs" becomes lhs - rhs; an expression alone is taken as "= 0".
    public static SolverResult<ScalarFunction> Constraint(string text, IReadOnlyList<string> variables)
    {
        var parts = text.Split('=');
        if (parts.Length > 2)
        {
            return Solver.Fail<ScalarFunction>(SolverFailureKind.InvalidInput, $"'{text}' has more than one '='");
        }

        var sides = parts.Select(p => Parse(p, variables)).ToList();
        return sides.All(e => e is not null)
            ? Constraint(new Equation(sides[0]!, sides.Count == 2 ? sides[1]! : Expr.Zero), variables)
            : Invalid<ScalarFunction>(parts[sides.FindIndex(e => e is null)], variables);
    }

    public static SolverResult<ScalarFunction> Constraint(Equation equation, IReadOnlyList<string> variables) =>
        Scalar(equation.Residual, variables);

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

        return Vector(parsed, variables);
    }

    public static SolverResult<VectorFunction> Vector(IReadOnlyList<Expr> parsed, IReadOnlyList<string> variables)
    {
        var value = CompileVector(parsed, variables);
        var jacobian = CompileMatrix(Differentiator.Jacobian(parsed, variables), variables);
        return Solver.Ok(new VectorFunction(value, jacobian));
    }

    // y = model(x; p): the gradient is with respect to the parameters.
    public static SolverResult<NonlinearModel> Model(string text, string xVariable, IReadOnlyList<string> parameters) =>
        Parse(text, [xVariable, .. parameters]) is { } e ? Model(e, xVariable, parameters) : Invalid<NonlinearModel>(text, [xVariable, .. parameters]);

    public static SolverResult<NonlinearModel> Model(Expr e, string xVariable, IReadOnlyList<string> parameters)
    {
        IReadOnlyList<string> all = [xVariable, .. parameters];
        var value = Compile(e, all);
        var gradient = CompileVector(Differentiator.Gradient(e, parameters), all);
        return Solver.Ok(new NonlinearModel((x, p) => value([x, .. p]), (x, p) => gradient([x, .. p])));
    }

    // A model linear in its parameters, y = sum_j p_j phi_j(x): the basis functions are its
    // derivatives with respect to the parameters, which must not depend on the parameters, and
    // there must be no term without a parameter (it would have to be subtracted from the data).
    public static SolverResult<IReadOnlyList<Func<double, double>>> LinearBasis(string text, string xVariable, IReadOnlyList<string> parameters) =>
        Parse(text, [xVariable, .. parameters]) is { } e
            ? LinearBasis(e, xVariable, parameters)
            : Invalid<IReadOnlyList<Func<double, double>>>(text, [xVariable, .. parameters]);

    public static SolverResult<IReadOnlyList<Func<double, double>>> LinearBasis(Expr e, string xVariable, IReadOnlyList<string> parameters)
    {
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
