using System.Globalization;
using System.Text.RegularExpressions;
using GraderHub.Grading.Answers;
using GraderHub.Grading.Problems;

namespace GraderHub.Grading.Tests.Problems;

// Every numeric kind at both edges of the tolerance its spec states: each number of the reference
// moved by 0.9 of the allowed difference max(absolute, relative |r|) is accepted (all at once), and
// any one of them moved by 1.1 of it is refused. Exact zeros are included, where a tolerance that
// is relative to the size of the point would be looser than the stated one.
public sealed partial class ToleranceEdgeTests
{
    private const double Absolute = 1e-3;
    private const double Relative = 1e-4;

    [GeneratedRegex(@"-?\d+(\.\d+)?([eE][-+]?\d+)?")]
    private static partial Regex NumberPattern();

    public static TheoryData<string, string> Kinds() => new()
    {
        { "derivative at", "kind: derivative\nvariables: [x]\nfunction: \"x^3\"\nwrt: x\nat: { x: 2 }" },
        { "partial derivative at", "kind: partial_derivative\nvariables: [x, y]\nfunction: \"x^2*y\"\nwrt: y\nat: { x: 3, y: 1 }" },
        { "gradient at", "kind: gradient\nvariables: [x, y]\nfunction: \"x^2*y + 100*y\"\nat: { x: 0, y: 1 }" },
        { "jacobian at", "kind: jacobian\nvariables: [x, y]\ncomponents: [\"x*y\", \"x + 50*y^2\"]\nat: { x: 0, y: 2 }" },
        { "hessian at", "kind: hessian\nvariables: [x, y]\nfunction: \"x^3 + x*y + 40*y^2\"\nat: { x: 1, y: 0 }" },
        { "newton iterates", "kind: newton\nvariables: [x]\nfunction: \"x^2 - 2\"\nstart: [\"1\"]\nsteps: 3" },
        { "newton root", "kind: newton\nask: root\nvariables: [x]\nfunction: \"x^3 - 2*x - 5\"\nstart: [\"2\"]" },
        { "newton_system iterates", "kind: newton_system\nvariables: [x, y]\ncomponents: [\"exp(x) - y\", \"x + y - 2\"]\nstart: [\"0\", \"0\"]\nsteps: 3" },
        { "newton_system root", "kind: newton_system\nask: root\nvariables: [x, y]\ncomponents: [\"x^2 + y^2 - 4\", \"y - x\"]\nstart: [\"1\", \"2\"]" },
        { "gradient_descent point", "kind: gradient_descent\nvariables: [x, y]\nfunction: \"x^2 + 2*y^2\"\nstart: [\"1\", \"1\"]\nstep_size: \"0.1\"\nsteps: 3" },
        { "gradient_descent iterates", "kind: gradient_descent\nask: iterates\nvariables: [x, y]\nfunction: \"x^2 + 2*y^2\"\nstart: [\"1\", \"0\"]\nstep_size: \"0.1\"\nsteps: 3" },
        { "gradient_descent line search", "kind: gradient_descent\nask: iterates\nvariables: [x, y]\nfunction: \"x^2 + 4*y^2\"\nstart: [\"2\", \"1\"]\nline_search: { initial: 1, shrink: 0.5, armijo: 0.1 }\nsteps: 2" },
        { "gradient_descent minimiser", "kind: gradient_descent\nask: minimiser\nvariables: [x, y]\nfunction: \"(x - 1)^2 + 2*(y + 200)^2\"\nstart: [\"0\", \"0\"]\nstep_size: \"0.1\"" },
        { "lagrange points with zeros", "kind: lagrange\nvariables: [x, y]\nfunction: \"x^2 + 2*y^2\"\nconstraints: [\"x^2 + y^2 = 1\"]" },
        { "lagrange max", "kind: lagrange\nask: max\nvariables: [x, y]\nfunction: \"x*y\"\nconstraints: [\"x^2 + y^2 = 50\"]" },
        { "lagrange argmin on a domain", "kind: lagrange\nask: argmin\nvariables: [x, y]\nfunction: \"x + y\"\nconstraints: [\"x*y = 4\"]\ndomain: { x: \"> 0\", y: \"> 0\" }" },
        { "lagrange multipliers", "kind: lagrange\nask: multipliers\nvariables: [x, y]\nfunction: \"x*y\"\nconstraints: [\"x + y = 30\"]" },
        { "lagrange classify", "kind: lagrange\nask: classify\nvariables: [x, y]\nfunction: \"x + y\"\nconstraints: [\"x^2 + y^2 = 2\"]" },
        { "stationary points", "kind: stationary_points\nask: points\nvariables: [x, y]\nfunction: \"x^3 + y^3 - 3*x*y\"" },
        { "stationary classify", "kind: stationary_points\nvariables: [x, y]\nfunction: \"x^4 - 2*x^2 + y^2\"" },
        { "linear_fit parameters", "kind: linear_fit\nvariables: [x]\nfunction: \"m*x + c\"\nfit: [m, c]\ndata: { x: [0, 1, 2, 3], y: [1, 3.2, 4.9, 7.1], sigma: 0.5 }" },
        { "linear_fit uncertainties", "kind: linear_fit\nask: uncertainties\nvariables: [x]\nfunction: \"m*x + c\"\nfit: [m, c]\ndata: { x: [0, 1, 2, 3], y: [1, 3.2, 4.9, 7.1], sigma: 0.5 }" },
        { "linear_fit chi_squared", "kind: linear_fit\nask: chi_squared\nvariables: [x]\nfunction: \"m*x + c\"\nfit: [m, c]\ndata: { x: [0, 1, 2, 3], y: [1, 3.2, 4.9, 7.1], sigma: 0.05 }" },
        { "linear_fit reduced_chi_squared", "kind: linear_fit\nask: reduced_chi_squared\nvariables: [x]\nfunction: \"m*x + c\"\nfit: [m, c]\ndata: { x: [0, 1, 2, 3], y: [1, 3.2, 4.9, 7.1], sigma: 0.05 }" },
        { "nonlinear_fit chi_squared", NonlinearData("chi_squared") },
        { "nonlinear_fit uncertainties", NonlinearData("uncertainties") },
        { "nonlinear_fit reduced_chi_squared", NonlinearData("reduced_chi_squared") },
        { "backprop weights", "kind: backprop\nvariables: [x]\nlayers:\n  - { weights: [[1, -1]], biases: [0], activation: sigmoid }\ninput: [2, 0]\ntarget: [1]\nask: weights" },
        { "backprop softmax", "kind: backprop\nvariables: [x]\nlayers:\n  - { weights: [[1, 0], [0.5, 2]], biases: [0, 0], activation: tanh }\n  - { weights: [[1, 1], [-1, 1]], biases: [0, 0.5], activation: softmax }\ninput: [1, -1]\ntarget: [0, 1]\nloss: categorical_cross_entropy\nlayer: 1\nask: weights" },
        { "backprop mean squared error", "kind: backprop\nvariables: [x]\nlayers:\n  - { weights: [[1, 1], [-1, 1]], biases: [0, 0.5], activation: softmax }\ninput: [1, -1]\ntarget: [0, 1]\nloss: mean_squared_error\nask: biases" },
        { "value function", "kind: value\nvariables: [x, y]\nfunction: \"exp(x)*y\"\nat: { x: 1, y: 2 }" },
        { "value directional derivative", "kind: value\nof: directional_derivative\nvariables: [x, y]\nfunction: \"x^2*y\"\nat: { x: 1, y: 2 }\ndirection: [\"1\", \"1\"]" },
        { "value taylor", "kind: value\nof: taylor\norder: 2\nvariables: [x]\nfunction: \"exp(x)\"\nabout: [\"0\"]\nat: { x: 0.5 }" },
    };

    private static string NonlinearData(string ask) =>
        $"kind: nonlinear_fit\nask: {ask}\nvariables: [t]\nfunction: \"A*exp(-k*t)\"\nfit: [A, k]\nstart: [\"1\", \"1\"]\n"
        + "data: { x: [0, 1, 2, 3, 4], y: [5.1, 3.0, 1.9, 1.1, 0.7], sigma: 0.1 }";

    private static Variant Variant(string body)
    {
        var yaml = $"key: edge\ntitle: Edge\nstatement: s\ntolerance: {{ absolute: {Absolute.ToString("R", CultureInfo.InvariantCulture)}, relative: {Relative.ToString("R", CultureInfo.InvariantCulture)} }}\n{body}\n";
        var read = ProblemReader.Read(yaml, "edge");
        Assert.True(read.Problem is not null, string.Join("; ", read.Errors));
        var variant = read.Problem.Variant(0);
        Assert.True(variant.ReferenceText is not null, variant.Failure);
        return variant;
    }

    private static double Allowed(double reference) => Math.Max(Absolute, Relative * Math.Abs(reference));

    // The reference text with the numbers chosen by 'which' moved by factor * allowed.
    private static string Moved(string reference, Func<int, bool> which, double factor)
    {
        var index = 0;
        return NumberPattern().Replace(reference, m =>
        {
            var k = index++;
            var v = double.Parse(m.Value, CultureInfo.InvariantCulture);
            return which(k) ? (v + (factor * Allowed(v))).ToString("R", CultureInfo.InvariantCulture) : m.Value;
        });
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Tolerance_InsideAccepted_JustOutsideRefused(string name, string body)
    {
        var variant = Variant(body);
        var reference = variant.ReferenceText!;
        var count = NumberPattern().Matches(reference).Count;
        Assert.True(count > 0, $"{name}: no number in '{reference}'");

        Assert.Equal(GradeVerdict.Correct, variant.Grade(reference).Verdict);
        foreach (var sign in new[] { 1.0, -1.0 })
        {
            var inside = Moved(reference, _ => true, 0.9 * sign);
            var grade = variant.Grade(inside);
            Assert.True(grade.Verdict == GradeVerdict.Correct, $"{name}: '{inside}' (every number 0.9 of the tolerance off '{reference}') was {grade.Verdict}: {grade.Feedback}");
            for (var k = 0; k < count; k++)
            {
                var outside = Moved(reference, i => i == k, 1.1 * sign);
                var refused = variant.Grade(outside);
                Assert.True(refused.Verdict is GradeVerdict.Incorrect or GradeVerdict.PartiallyCorrect,
                    $"{name}: '{outside}' (number {k + 1} 1.1 of the tolerance off '{reference}') was {refused.Verdict}: {refused.Feedback}");
            }
        }
    }
}
