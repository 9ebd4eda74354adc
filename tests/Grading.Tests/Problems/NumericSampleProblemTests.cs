using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GraderHub.Grading.Problems;
using GraderHub.Grading.Tests.Solvers;

namespace GraderHub.Grading.Tests.Problems;

// Issue 4: the course-style tasks of numeric-sample.jsonl (answers computed independently with
// numpy/scipy) written as problem specs with fixed parameters; the reference the facade computes
// from the spec must match the stated answer within the stated tolerance.
public partial class NumericSampleProblemTests
{
    [GeneratedRegex(@"-?\d+(\.\d+)?([eE][-+]?\d+)?")]
    private static partial Regex NumberPattern();

    private static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);

    private static string List(JsonNode? node) => "[" + string.Join(", ", NumericSample.Doubles(node).Select(v => "\"" + N(v) + "\"")) + "]";

    private static string Vars(JsonNode task) => "[" + string.Join(", ", task["vars"]!.AsArray().Select(v => (string)v!)) + "]";

    private static string Function(JsonNode task, string key = "f") => ((string)task[key]!).Replace("\"", "", StringComparison.Ordinal);

    private static double[] Reference(string body)
    {
        var yaml = "key: p\ntitle: P\nstatement: s\n" + body + "\n";
        var read = ProblemReader.Read(yaml, "sample");
        Assert.True(read.Problem is not null, string.Join("; ", read.Errors) + "\n" + yaml);
        var variant = read.Problem.Variant(0);
        var reference = variant.ReferenceText;
        Assert.True(reference is not null, variant.Failure);
        return [.. NumberPattern().Matches(reference).Select(m => double.Parse(m.Value, CultureInfo.InvariantCulture))];
    }

    private static void AssertClose(NumericSample sample, string field, IReadOnlyList<double> expected, IReadOnlyList<double> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        var tolerance = sample.Tolerance(field);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(NumericSample.Close(actual[i], expected[i], tolerance), $"{sample.Id}.{field}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }

    [Theory]
    [InlineData("nr01")]
    [InlineData("nr08")]
    [InlineData("nr10")]
    public void Newton_IteratesAndRoot(string id)
    {
        var s = NumericSample.Get(id);
        var common = $"kind: newton\nvariables: [x]\nfunction: \"{Function(s.Inputs)}\"\nstart: [\"{N((double)s.Inputs["x0"]!)}\"]\n";
        AssertClose(s, "iterates", NumericSample.Doubles(s.Answer["iterates"]), Reference(common + $"steps: {(int)s.Inputs["iterations"]!}"));
        AssertClose(s, "root", [(double)s.Answer["root"]!], Reference(common + "ask: root"));
    }

    [Theory]
    [InlineData("gd02")]
    [InlineData("gd05")]
    public void GradientDescent_PointAndMinimiser(string id)
    {
        var s = NumericSample.Get(id);
        var common = $"kind: gradient_descent\nvariables: {Vars(s.Inputs)}\nfunction: \"{Function(s.Inputs)}\"\nstart: {List(s.Inputs["start"])}\nstep_size: \"{N((double)s.Inputs["learning_rate"]!)}\"\n";
        AssertClose(s, "p_n", NumericSample.Doubles(s.Answer["p_n"]), Reference(common + $"steps: {(int)s.Inputs["steps"]!}"));
        AssertClose(s, "minimiser", NumericSample.Doubles(s.Answer["minimiser"]), Reference(common + "ask: minimiser"));
    }

    [Theory]
    [InlineData("lg01")]
    [InlineData("lg06")]
    [InlineData("lg07")]
    [InlineData("lg08")]
    public void Lagrange_PointsMaxAndMin(string id)
    {
        var s = NumericSample.Get(id);
        var constraints = "[" + string.Join(", ", s.Inputs["constraints"]!.AsArray().Select(c => "\"" + (string)c! + "\"")) + "]";
        var common = $"kind: lagrange\nvariables: {Vars(s.Inputs)}\nfunction: \"{Function(s.Inputs)}\"\nconstraints: {constraints}\n";
        var dimension = s.Inputs["vars"]!.AsArray().Count;
        static IEnumerable<double[]> Sorted(IEnumerable<double[]> points) =>
            points.OrderBy(p => Math.Round(p[0], 6)).ThenBy(p => p.Length > 1 ? Math.Round(p[1], 6) : 0);
        var expected = Sorted(NumericSample.Rows(s.Answer["critical_points"])).SelectMany(p => p).ToArray();
        var actual = Reference(common + "ask: points");
        var points = Sorted(actual.Chunk(dimension)).SelectMany(p => p).ToArray();
        AssertClose(s, "critical_points", expected, points);
        foreach (var field in new[] { "max", "min" })
        {
            if (s.Answer[field] is { } value)
            {
                AssertClose(s, field, [(double)value], Reference(common + "ask: " + field));
            }
        }
    }

    [Theory]
    [InlineData("lr03")]
    [InlineData("lr07")]
    public void LinearRegression_ParametersUncertaintiesChiSquared(string id)
    {
        var s = NumericSample.Get(id);
        var common = $"kind: linear_fit\nvariables: [x]\nfunction: \"m*x + c\"\nfit: [m, c]\ndata: {{ x: {List(s.Inputs["x"])}, y: {List(s.Inputs["y"])}, sigma: {List(s.Inputs["sigma"])} }}\n";
        AssertClose(s, "m", [(double)s.Answer["m"]!, (double)s.Answer["c"]!], Reference(common));
        AssertClose(s, "sigma_m", [(double)s.Answer["sigma_m"]!, (double)s.Answer["sigma_c"]!], Reference(common + "ask: uncertainties"));
        AssertClose(s, "chi2", [(double)s.Answer["chi2"]!], Reference(common + "ask: chi_squared"));
    }

    [Fact]
    public void NonlinearRegression_ParametersAndChiSquared()
    {
        var s = NumericSample.Get("nl03");
        var parameters = s.Inputs["params"]!.AsArray().Select(p => (string)p!).ToArray();
        var start = "[" + string.Join(", ", parameters.Select(p => "\"" + N((double)s.Inputs["start"]![p]!) + "\"")) + "]";
        var common = $"kind: nonlinear_fit\nvariables: [x]\nfunction: \"{Function(s.Inputs, "model")}\"\nfit: [{string.Join(", ", parameters)}]\nstart: {start}\n"
            + $"data: {{ x: {List(s.Inputs["x"])}, y: {List(s.Inputs["y"])}, sigma: {List(s.Inputs["sigma"])} }}\n";
        AssertClose(s, "params", [.. parameters.Select(p => (double)s.Answer["params"]![p]!)], Reference(common));
        AssertClose(s, "chi2", [(double)s.Answer["chi2"]!], Reference(common + "ask: chi_squared"));
    }

    [Fact]
    public void Jacobian_AtPoint()
    {
        var s = NumericSample.Get("jh05");
        var vars = s.Inputs["vars"]!.AsArray().Select(v => (string)v!).ToArray();
        var point = NumericSample.Doubles(s.Inputs["point"]);
        var at = "{ " + string.Join(", ", vars.Select((v, i) => $"{v}: \"{N(point[i])}\"")) + " }";
        var components = "[" + string.Join(", ", s.Inputs["F"]!.AsArray().Select(c => "\"" + (string)c! + "\"")) + "]";
        AssertClose(s, "J", NumericSample.Rows(s.Answer["J"]).SelectMany(r => r).ToArray(),
            Reference($"kind: jacobian\nvariables: {Vars(s.Inputs)}\ncomponents: {components}\nat: {at}"));
    }

    [Theory]
    [InlineData("jh09")]
    [InlineData("jh12")]
    public void Hessian_AtPoint(string id)
    {
        var s = NumericSample.Get(id);
        var vars = s.Inputs["vars"]!.AsArray().Select(v => (string)v!).ToArray();
        var point = NumericSample.Doubles(s.Inputs["point"]);
        var at = "{ " + string.Join(", ", vars.Select((v, i) => $"{v}: \"{N(point[i])}\"")) + " }";
        AssertClose(s, "H", NumericSample.Rows(s.Answer["H"]).SelectMany(r => r).ToArray(),
            Reference($"kind: hessian\nvariables: {Vars(s.Inputs)}\nfunction: \"{Function(s.Inputs)}\"\nat: {at}"));
    }

    [Fact]
    public void Backprop_AllGradients()
    {
        var s = NumericSample.Get("bp04");
        static string Matrix(JsonNode? node) => "[" + string.Join(", ", NumericSample.Rows(node).Select(r => "[" + string.Join(", ", r.Select(N)) + "]")) + "]";
        var network = "layers:\n"
            + $"  - {{ weights: {Matrix(s.Inputs["W1"])}, biases: [{string.Join(", ", NumericSample.Doubles(s.Inputs["b1"]).Select(N))}], activation: sigmoid }}\n"
            + $"  - {{ weights: {Matrix(s.Inputs["W2"])}, biases: [{string.Join(", ", NumericSample.Doubles(s.Inputs["b2"]).Select(N))}], activation: sigmoid }}\n"
            + $"input: {List(s.Inputs["x"])}\ntarget: {List(s.Inputs["y"])}\nkind: backprop\nvariables: [x]\n";
        AssertClose(s, "dW1", NumericSample.Rows(s.Answer["dW1"]).SelectMany(r => r).ToArray(), Reference(network + "layer: 1\nask: weights"));
        AssertClose(s, "db1", NumericSample.Doubles(s.Answer["db1"]), Reference(network + "layer: 1\nask: biases"));
        AssertClose(s, "dW2", NumericSample.Rows(s.Answer["dW2"]).SelectMany(r => r).ToArray(), Reference(network + "layer: 2\nask: weights"));
        AssertClose(s, "db2", NumericSample.Doubles(s.Answer["db2"]), Reference(network + "layer: 2\nask: biases"));
    }

    // Issue 15: the kinds and asks added for weeks 5 and 6, against the same independent answers.
    [Fact]
    public void NewtonSystem_IteratesAndRoot_nr15()
    {
        var s = NumericSample.Get("nr15");
        var components = "[" + string.Join(", ", s.Inputs["F"]!.AsArray().Select(c => "\"" + (string)c! + "\"")) + "]";
        var common = $"kind: newton_system\nvariables: {Vars(s.Inputs)}\ncomponents: {components}\nstart: {List(s.Inputs["x0"])}\n";
        AssertClose(s, "iterates", NumericSample.Rows(s.Answer["iterates"]).SelectMany(r => r).ToArray(), Reference(common + $"steps: {(int)s.Inputs["iterations"]!}"));
        AssertClose(s, "root", NumericSample.Doubles(s.Answer["root"]), Reference(common + "ask: root"));
    }

    [Fact]
    public void Lagrange_EntropyOnTheSimplex_lg11()
    {
        var s = NumericSample.Get("lg11");
        // "all variables > 0", as the task states its domain.
        var common = $"kind: lagrange\nvariables: {Vars(s.Inputs)}\nfunction: \"{Function(s.Inputs)}\"\nconstraints: [\"x + y - 1 = 0\"]\ndomain: {{ x: \"> 0\", y: \"> 0\" }}\n";
        AssertClose(s, "max", [(double)s.Answer["max"]!], Reference(common + "ask: max"));
        AssertClose(s, "argmax", NumericSample.Doubles(s.Answer["argmax"]), Reference(common + "ask: argmax"));
        AssertClose(s, "multiplier", [.. NumericSample.Doubles(s.Answer["argmax"]), (double)s.Answer["multiplier"]!], Reference(common + "ask: multipliers"));
    }

    [Theory]
    [InlineData("lr03")]
    [InlineData("lr07")]
    public void LinearRegression_ReducedChiSquared(string id)
    {
        var s = NumericSample.Get(id);
        var body = $"kind: linear_fit\nvariables: [x]\nfunction: \"m*x + c\"\nfit: [m, c]\nask: reduced_chi_squared\ndata: {{ x: {List(s.Inputs["x"])}, y: {List(s.Inputs["y"])}, sigma: {List(s.Inputs["sigma"])} }}\n";
        AssertClose(s, "chi2_per_dof", [(double)s.Answer["chi2_per_dof"]!], Reference(body));
    }

    [Fact]
    public void NonlinearRegression_StandardErrorsAndReducedChiSquared_nl03()
    {
        var s = NumericSample.Get("nl03");
        var parameters = s.Inputs["params"]!.AsArray().Select(p => (string)p!).ToArray();
        var start = "[" + string.Join(", ", parameters.Select(p => "\"" + N((double)s.Inputs["start"]![p]!) + "\"")) + "]";
        var common = $"kind: nonlinear_fit\nvariables: [x]\nfunction: \"{Function(s.Inputs, "model")}\"\nfit: [{string.Join(", ", parameters)}]\nstart: {start}\n"
            + $"data: {{ x: {List(s.Inputs["x"])}, y: {List(s.Inputs["y"])}, sigma: {List(s.Inputs["sigma"])} }}\n";
        AssertClose(s, "errors", [.. parameters.Select(p => (double)s.Answer["errors"]![p]!)], Reference(common + "ask: uncertainties"));
        AssertClose(s, "chi2_per_dof", [(double)s.Answer["chi2_per_dof"]!], Reference(common + "ask: reduced_chi_squared"));
    }

    [Fact]
    public void TaylorValue_ty04()
    {
        var s = NumericSample.Get("ty04");
        var vars = s.Inputs["vars"]!.AsArray().Select(v => (string)v!).ToArray();
        var at = NumericSample.Doubles(s.Inputs["at"]);
        var point = "{ " + string.Join(", ", vars.Select((v, i) => $"{v}: \"{N(at[i])}\"")) + " }";
        var body = $"kind: value\nof: taylor\norder: {(int)s.Inputs["order"]!}\nvariables: {Vars(s.Inputs)}\nfunction: \"{Function(s.Inputs)}\"\nabout: {List(s.Inputs["about"])}\nat: {point}\n";
        AssertClose(s, "P", [(double)s.Answer["P"]!], Reference(body));
        AssertClose(s, "f_exact", [(double)s.Answer["f_exact"]!], Reference($"kind: value\nvariables: {Vars(s.Inputs)}\nfunction: \"{Function(s.Inputs)}\"\nat: {point}\n"));
    }
}
