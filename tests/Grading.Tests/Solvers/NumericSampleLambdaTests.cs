using GraderHub.Grading.Solvers;
using static GraderHub.Grading.Tests.Solvers.NumericSample;

namespace GraderHub.Grading.Tests.Solvers;

// Every task of numeric-sample.jsonl, with the functions written as C# lambdas (derivatives by hand)
// and the data read from the file; the solver's answers are checked against the file's answers,
// which were computed independently with numpy/scipy.
public class NumericSampleLambdaTests
{
    private static readonly Dictionary<string, Action<NumericSample>> Tasks = new()
    {
        ["nr01"] = t => Newton1D(t, x => (x * x * x) - (2 * x) - 5, x => (3 * x * x) - 2),
        ["nr08"] = t => Newton1D(t, x => (x * Math.Exp(x)) - 1, x => (1 + x) * Math.Exp(x)),
        ["nr10"] = t => Newton1D(t, x => (x * x * x) - x - 1, x => (3 * x * x) - 1),
        ["nr15"] = t => NewtonSystem(t, v => [Math.Exp(v[0]) - v[1], v[0] + v[1] - 2], v => new[,] { { Math.Exp(v[0]), -1 }, { 1, 1 } }),
        ["gd02"] = t => Descent(t, v => (v[0] * v[0]) + (v[0] * v[1]) + (v[1] * v[1]) - (3 * v[0]), v => [(2 * v[0]) + v[1] - 3, v[0] + (2 * v[1])]),
        ["gd05"] = t => Descent(t, v => Math.Pow(v[0], 4) + Math.Pow(v[1], 4) - (4 * v[0] * v[1]) + 1, v => [(4 * Math.Pow(v[0], 3)) - (4 * v[1]), (4 * Math.Pow(v[1], 3)) - (4 * v[0])]),
        ["lg01"] = t => Lagrange(t, new(v => v[0] * v[1], v => [v[1], v[0]]), [Circle(2)]),
        ["lg06"] = t => Lagrange(t, new(v => (v[0] * v[0]) + (2 * v[1] * v[1]), v => [2 * v[0], 4 * v[1]]), [Circle(1)]),
        ["lg07"] = t => Lagrange(t, new(v => (2 * v[0]) + v[1], _ => [2, 1]), [new(v => (v[0] * v[0] / 4) + (v[1] * v[1]) - 1, v => [v[0] / 2, 2 * v[1]])]),
        ["lg08"] = t => Lagrange(t, new(v => v.Sum(c => c * c), v => v.Select(c => 2 * c).ToArray()), [new(v => v.Sum() - 1, _ => [1, 1, 1])]),
        ["lg11"] = Entropy,
        ["lr03"] = StraightLine,
        ["lr07"] = StraightLine,
        ["lr10"] = Quadratic,
        ["lr11"] = LinearisedDecay,
        ["nl03"] = ExponentialDecay,
        ["jh05"] = t => AssertMatrix(t, "J", FiniteDifferences.Jacobian(v => [v[0] + v[1] + v[2], (v[0] * v[1]) - (v[2] * v[2])], Doubles(t.Inputs["point"]))),
        ["jh09"] = t => Hessian(t, v => Math.Log(1 + (v[0] * v[0]) + (v[1] * v[1])), v => [2 * v[0] / (1 + (v[0] * v[0]) + (v[1] * v[1])), 2 * v[1] / (1 + (v[0] * v[0]) + (v[1] * v[1]))]),
        ["jh12"] = t => Hessian(t, v => Math.Pow(v[0], 3) + Math.Pow(v[1], 3) - (3 * v[0] * v[1]), v => [(3 * v[0] * v[0]) - (3 * v[1]), (3 * v[1] * v[1]) - (3 * v[0])]),
        ["bp04"] = Backprop,
        ["ty04"] = TaylorValue,
    };

    public static TheoryData<string> Ids => [.. All.Select(t => t.Id)];

    [Theory]
    [MemberData(nameof(Ids))]
    public void Task_WithLambdas_MatchesIndependentAnswer(string id)
    {
        Assert.True(Tasks.ContainsKey(id), $"no lambda version of task {id}");
        Tasks[id](Get(id));
    }

    private static ScalarFunction Circle(double r2) => new(v => (v[0] * v[0]) + (v[1] * v[1]) - r2, v => [2 * v[0], 2 * v[1]]);

    internal static void Newton1D(NumericSample t, Func<double, double> f, Func<double, double> df)
    {
        var x0 = (double)t.Inputs["x0"]!;
        var steps = NewtonRaphson.Iterate(f, df, x0, (int)t.Inputs["iterations"]!).Expect();
        t.AssertVector("iterates", steps.Iterates);
        t.AssertNumber("x_n", steps.Last);
        t.AssertNumber("f_at_x_n", steps.ValueAtLast);
        t.AssertNumber("root", NewtonRaphson.FindRoot(f, df, x0).Expect().Root);
    }

    internal static void NewtonSystem(NumericSample t, Func<double[], double[]> f, Func<double[], double[,]> jacobian)
    {
        var x0 = Doubles(t.Inputs["x0"]);
        var steps = NewtonRaphson.Iterate(f, jacobian, x0, (int)t.Inputs["iterations"]!).Expect();
        t.AssertMatrix("iterates", steps.Iterates.Select(p => (IReadOnlyList<double>)p).ToList());
        t.AssertVector("x_n", steps.Last);
        t.AssertVector("root", NewtonRaphson.FindRoot(f, jacobian, x0).Expect().Root);
    }

    internal static void Descent(NumericSample t, Func<double[], double> f, Func<double[], double[]> gradient)
    {
        var start = Doubles(t.Inputs["start"]);
        var eta = (double)t.Inputs["learning_rate"]!;
        var steps = GradientDescent.Iterate(f, gradient, start, eta, (int)t.Inputs["steps"]!).Expect();
        t.AssertVector("p_n", steps.Last);
        t.AssertNumber("f_at_p_n", steps.ValueAtLast);
        var minimum = GradientDescent.Minimise(f, gradient, start, eta).Expect();
        t.AssertVector("minimiser", minimum.Point);
        t.AssertNumber("f_min", minimum.Value);
    }

    internal static void Lagrange(NumericSample t, ScalarFunction f, IReadOnlyList<ScalarFunction> constraints, Func<double[], bool>? domain = null)
    {
        var n = t.Inputs["vars"]!.AsArray().Count;
        var solution = LagrangeMultipliers.Solve(new LagrangeProblem(n, f, constraints, domain)).Expect();
        if (!t.Answer.AsObject().ContainsKey("critical_points"))
        {
            // The single-maximiser form (lg11): argmax, max and its multiplier.
            var argmax = Assert.Single(solution.ArgMax);
            t.AssertVector("argmax", argmax.Point);
            t.AssertNumber("max", solution.Max);
            t.AssertNumber("multiplier", Assert.Single(argmax.Multipliers));
            return;
        }

        var points = solution.CriticalPoints.Select(p => (IReadOnlyList<double>)p.Point).ToList();
        t.AssertPointValueSet("critical_points", "values", points, solution.CriticalPoints.Select(p => p.Value).ToList());
        t.AssertNumber("max", solution.Max);
        t.AssertNumber("min", solution.Min);
        if (solution.Max is not null)
        {
            t.AssertPointSet("argmax", solution.ArgMax.Select(p => (IReadOnlyList<double>)p.Point).ToList());
        }

        if (solution.Min is not null)
        {
            t.AssertPointSet("argmin", solution.ArgMin.Select(p => (IReadOnlyList<double>)p.Point).ToList());
        }
    }

    private static void Entropy(NumericSample t)
    {
        var problem = new LagrangeProblem(
            2,
            new(v => (-v[0] * Math.Log(v[0])) - (v[1] * Math.Log(v[1])), v => [-Math.Log(v[0]) - 1, -Math.Log(v[1]) - 1]),
            [new(v => v[0] + v[1] - 1, _ => [1, 1])],
            v => v.All(c => c > 0));
        var solution = LagrangeMultipliers.Solve(problem).Expect();
        Assert.NotNull(solution.Max);
        t.AssertNumber("max", solution.Max);
        var argmax = Assert.Single(solution.ArgMax);
        t.AssertVector("argmax", argmax.Point);
        t.AssertNumber("multiplier", Assert.Single(argmax.Multipliers));
        // On the open segment the entropy approaches 0 at the ends but never reaches it.
        Assert.Null(solution.Min);
    }

    internal static void StraightLine(NumericSample t)
    {
        var fit = LinearLeastSquares.FitLine(Doubles(t.Inputs["x"]), Doubles(t.Inputs["y"]), Doubles(t.Inputs["sigma"])).Expect();
        t.AssertNumber("m", fit.Slope);
        t.AssertNumber("c", fit.Intercept);
        t.AssertNumber("chi2", fit.ChiSquared);
        t.AssertNumber("sigma_m", fit.SlopeError);
        t.AssertNumber("sigma_c", fit.InterceptError);
        t.AssertNumber("cov_mc", fit.Covariance);
        t.AssertNumber("chi2_per_dof", fit.ReducedChiSquared);
    }

    internal static void Quadratic(NumericSample t)
    {
        var fit = LinearLeastSquares.Fit(Doubles(t.Inputs["x"]), Doubles(t.Inputs["y"]), Doubles(t.Inputs["sigma"]), [_ => 1, x => x, x => x * x]).Expect();
        string[] names = ["a", "b", "c"];
        for (var j = 0; j < names.Length; j++)
        {
            t.AssertNumber(names[j], fit.Parameters[j]);
            t.AssertNumber("sigma_" + names[j], fit.Errors[j]);
        }

        t.AssertNumber("chi2", fit.ChiSquared);
    }

    internal static void LinearisedDecay(NumericSample t)
    {
        var y = Doubles(t.Inputs["y"]);
        var sigma = Doubles(t.Inputs["sigma"]);
        var fit = LinearLeastSquares.FitLine(Doubles(t.Inputs["t"]), y.Select(v => Math.Log(v)).ToArray(), sigma.Zip(y, (s, v) => s / v).ToArray()).Expect();
        t.AssertNumber("m", fit.Slope);
        t.AssertNumber("c", fit.Intercept);
        t.AssertNumber("chi2", fit.ChiSquared);
        t.AssertNumber("sigma_m", fit.SlopeError);
        t.AssertNumber("sigma_c", fit.InterceptError);
        t.AssertNumber("tau", -1 / fit.Slope);
        t.AssertNumber("A", Math.Exp(fit.Intercept));
    }

    private static void ExponentialDecay(NumericSample t)
    {
        var model = new NonlinearModel(
            (x, p) => p[0] * Math.Exp(-x / p[1]),
            (x, p) => [Math.Exp(-x / p[1]), p[0] * Math.Exp(-x / p[1]) * x / (p[1] * p[1])]);
        var start = new[] { (double)t.Inputs["start"]!["A"]!, (double)t.Inputs["start"]!["tau"]! };
        var fit = NonlinearLeastSquares.Fit(model, Doubles(t.Inputs["x"]), Doubles(t.Inputs["y"]), Doubles(t.Inputs["sigma"]), start).Expect();
        t.AssertNumber("params.A", fit.Parameters[0]);
        t.AssertNumber("params.tau", fit.Parameters[1]);
        t.AssertNumber("errors.A", fit.Errors[0]);
        t.AssertNumber("errors.tau", fit.Errors[1]);
        t.AssertNumber("chi2", fit.ChiSquared);
        t.AssertNumber("chi2_per_dof", fit.ReducedChiSquared);
    }

    private static void Hessian(NumericSample t, Func<double[], double> f, Func<double[], double[]> gradient)
    {
        var point = Doubles(t.Inputs["point"]);
        var h = FiniteDifferences.HessianFromGradient(gradient, point);
        AssertMatrix(t, "H", h);
        var facts = SymmetricMatrixFacts.Of(h).Expect();
        t.AssertNumber("det", facts.Determinant);
        t.AssertVector("eigenvalues", facts.Eigenvalues);
        Assert.Equal((string)t.Answer["definiteness"]!, facts.Definiteness.ToString().ToLowerInvariant());
        // From values alone the nested differences lose digits: a looser cross-check.
        var fromValues = FiniteDifferences.Hessian(f, point);
        var expected = Rows(t.Answer["H"]);
        for (var i = 0; i < expected.Length; i++)
        {
            for (var j = 0; j < expected[i].Length; j++)
            {
                Assert.True(Close(fromValues[i, j], expected[i][j], (1e-7, 1e-7)), $"{t.Id}: H[{i}][{j}] from values = {fromValues[i, j]:R}");
            }
        }
    }

    internal static void Backprop(NumericSample t)
    {
        var i = t.Inputs;
        var layers = new[]
        {
            new DenseLayer(Frozen(Rows(i["W1"])), [.. Doubles(i["b1"])], Activation.Sigmoid),
            new DenseLayer(Frozen(Rows(i["W2"])), [.. Doubles(i["b2"])], Activation.Sigmoid),
        };
        var result = Backpropagation.Run(layers, Doubles(i["x"]), Doubles(i["y"]), Loss.HalfSquaredError).Expect();
        t.AssertVector("yhat", result.Output);
        t.AssertNumber("L", result.Loss);
        t.AssertMatrix("dW1", result.Gradients[0].Weights.Select(r => (IReadOnlyList<double>)r).ToList());
        t.AssertVector("db1", result.Gradients[0].Biases);
        t.AssertMatrix("dW2", result.Gradients[1].Weights.Select(r => (IReadOnlyList<double>)r).ToList());
        t.AssertVector("db2", result.Gradients[1].Biases);
    }

    // First-order Taylor value with the gradient from finite differences (the exact one is the
    // engine's, wired in phase 2).
    private static void TaylorValue(NumericSample t)
    {
        Func<double[], double> f = v => Math.Sqrt((v[0] * v[0]) + (v[1] * v[1]));
        var about = Doubles(t.Inputs["about"]);
        var at = Doubles(t.Inputs["at"]);
        var gradient = FiniteDifferences.Gradient(f, about);
        var p = f(about) + gradient.Select((g, k) => g * (at[k] - about[k])).Sum();
        t.AssertNumber("P", p);
        t.AssertNumber("f_exact", f(at));
        t.AssertNumber("error", f(at) - p);
    }

    internal static void AssertMatrix(NumericSample t, string field, double[,] m) =>
        t.AssertMatrix(field, Enumerable.Range(0, m.GetLength(0)).Select(r => (IReadOnlyList<double>)Enumerable.Range(0, m.GetLength(1)).Select(c => m[r, c]).ToArray()).ToList());

    internal static System.Collections.Immutable.ImmutableArray<System.Collections.Immutable.ImmutableArray<double>> Frozen(double[][] rows) =>
        [.. rows.Select(r => System.Collections.Immutable.ImmutableArray.Create(r))];
}
