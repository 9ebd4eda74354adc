using GraderHub.Grading.Solvers;
using static GraderHub.Grading.Tests.Solvers.NumericSample;

namespace GraderHub.Grading.Tests.Solvers;

// Every task of numeric-sample.jsonl again, this time as an author would give it: the functions are
// the file's own expression strings, parsed and differentiated exactly by the expression engine.
// Only the models of the linear fits are not in the inputs (they are in the statements) and are
// written here.
public class NumericSampleEngineTests
{
    private static readonly Dictionary<string, string> LinearModels = new()
    {
        ["lr03"] = "m*x + c",
        ["lr07"] = "m*x + c",
        ["lr10"] = "a + b*x + c*x^2",
        ["lr11"] = "m*x + c",
    };

    public static TheoryData<string> Ids => NumericSampleLambdaTests.Ids;

    [Theory]
    [MemberData(nameof(Ids))]
    public void Task_FromItsExpressions_MatchesIndependentAnswer(string id)
    {
        var t = Get(id);
        switch ((string)t.Task["topic"]!)
        {
            case "newton_raphson":
                Newton(t);
                break;
            case "gradient_descent":
                var f = Scalar(t, "f");
                NumericSampleLambdaTests.Descent(t, f.Value, f.Gradient);
                break;
            case "lagrange":
                Lagrange(t);
                break;
            case "linear_regression":
                LinearRegression(t);
                break;
            case "nonlinear_regression":
                NonlinearRegression(t);
                break;
            case "jacobian":
                var jacobian = ExpressionFunctions.Vector(Strings(t.Inputs["F"]), Strings(t.Inputs["vars"])).Expect().Jacobian(Doubles(t.Inputs["point"]));
                NumericSampleLambdaTests.AssertMatrix(t, "J", jacobian);
                break;
            case "hessian":
                Hessian(t);
                break;
            case "backprop":
                NumericSampleLambdaTests.Backprop(t);
                break;
            case "taylor_value":
                Taylor(t);
                break;
            default:
                Assert.Fail($"{id}: no engine version of topic {t.Task["topic"]}");
                break;
        }
    }

    private static string[] Strings(System.Text.Json.Nodes.JsonNode? node) => node!.AsArray().Select(n => (string)n!).ToArray();

    private static ScalarFunction Scalar(NumericSample t, string field) =>
        ExpressionFunctions.Scalar((string)t.Inputs[field]!, Strings(t.Inputs["vars"])).Expect();

    private static void Newton(NumericSample t)
    {
        if (t.Inputs["f"] is { } f)
        {
            var u = ExpressionFunctions.Univariate((string)f!, "x").Expect();
            NumericSampleLambdaTests.Newton1D(t, u.Value, u.Derivative);
            return;
        }

        var v = ExpressionFunctions.Vector(Strings(t.Inputs["F"]), Strings(t.Inputs["vars"])).Expect();
        NumericSampleLambdaTests.NewtonSystem(t, v.Value, v.Jacobian);
    }

    private static void Lagrange(NumericSample t)
    {
        var vars = Strings(t.Inputs["vars"]);
        var constraints = Strings(t.Inputs["constraints"]).Select(c => ExpressionFunctions.Constraint(c, vars).Expect()).ToList();
        Func<double[], bool>? domain = (string?)t.Inputs["domain"] switch
        {
            null => null,
            "all variables > 0" => p => p.All(c => c > 0),
            var other => throw new InvalidOperationException($"unknown domain '{other}'"),
        };
        NumericSampleLambdaTests.Lagrange(t, Scalar(t, "f"), constraints, domain);
    }

    private static void LinearRegression(NumericSample t)
    {
        var model = LinearModels[t.Id];
        var parameters = model == "m*x + c" ? new[] { "m", "c" } : ["a", "b", "c"];
        var basis = ExpressionFunctions.LinearBasis(model, "x", parameters).Expect();
        var xField = t.Inputs["x"] is null ? "t" : "x";
        var x = Doubles(t.Inputs[xField]);
        var y = Doubles(t.Inputs["y"]);
        var sigma = Doubles(t.Inputs["sigma"]);
        if (t.Id == "lr11")
        {
            // The linearised decay fits ln y with sigma_i / y_i.
            sigma = sigma.Zip(y, (s, v) => s / v).ToArray();
            y = y.Select(v => Math.Log(v)).ToArray();
        }

        var fit = LinearLeastSquares.Fit(x, y, sigma, basis).Expect();
        for (var j = 0; j < parameters.Length; j++)
        {
            t.AssertNumber(parameters[j], fit.Parameters[j]);
            t.AssertNumber("sigma_" + parameters[j], fit.Errors[j]);
        }

        t.AssertNumber("chi2", fit.ChiSquared);
        var answer = t.Answer.AsObject();
        if (answer.ContainsKey("cov_mc"))
        {
            t.AssertNumber("cov_mc", fit.Covariance[0][1]);
            t.AssertNumber("chi2_per_dof", fit.ReducedChiSquared);
        }

        if (answer.ContainsKey("tau"))
        {
            t.AssertNumber("tau", -1 / fit.Parameters[0]);
            t.AssertNumber("A", Math.Exp(fit.Parameters[1]));
        }
    }

    private static void NonlinearRegression(NumericSample t)
    {
        var parameters = Strings(t.Inputs["params"]);
        var model = ExpressionFunctions.Model((string)t.Inputs["model"]!, "x", parameters).Expect();
        var start = parameters.Select(p => (double)t.Inputs["start"]![p]!).ToArray();
        var fit = NonlinearLeastSquares.Fit(model, Doubles(t.Inputs["x"]), Doubles(t.Inputs["y"]), Doubles(t.Inputs["sigma"]), start).Expect();
        for (var j = 0; j < parameters.Length; j++)
        {
            t.AssertNumber("params." + parameters[j], fit.Parameters[j]);
            t.AssertNumber("errors." + parameters[j], fit.Errors[j]);
        }

        t.AssertNumber("chi2", fit.ChiSquared);
        t.AssertNumber("chi2_per_dof", fit.ReducedChiSquared);
    }

    private static void Hessian(NumericSample t)
    {
        var h = Scalar(t, "f").Hessian!(Doubles(t.Inputs["point"]));
        NumericSampleLambdaTests.AssertMatrix(t, "H", h);
        var facts = SymmetricMatrixFacts.Of(h).Expect();
        t.AssertNumber("det", facts.Determinant);
        t.AssertVector("eigenvalues", facts.Eigenvalues);
        Assert.Equal((string)t.Answer["definiteness"]!, facts.Definiteness.ToString().ToLowerInvariant());
    }

    // P(x) = f(a) + grad f(a).(x - a) [+ 1/2 (x - a)^T H(a) (x - a) for order 2].
    private static void Taylor(NumericSample t)
    {
        var f = Scalar(t, "f");
        var a = Doubles(t.Inputs["about"]);
        var at = Doubles(t.Inputs["at"]);
        var order = (int)t.Inputs["order"]!;
        Assert.InRange(order, 1, 2);
        var d = at.Zip(a, (p, q) => p - q).ToArray();
        var g = f.Gradient(a);
        var p = f.Value(a) + d.Select((v, k) => g[k] * v).Sum();
        if (order == 2)
        {
            var h = f.Hessian!(a);
            p += 0.5 * d.SelectMany((u, i) => d.Select((v, j) => u * h[i, j] * v)).Sum();
        }

        t.AssertNumber("P", p);
        t.AssertNumber("f_exact", f.Value(at));
        t.AssertNumber("error", f.Value(at) - p);
    }
}
