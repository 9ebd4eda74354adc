using GraderHub.Grading.Answers;
using GraderHub.Grading.Problems;

namespace GraderHub.Grading.Tests.Problems;

// Issue 15: Lagrange on a domain and where f is undefined, point acceptance by the stated
// per-coordinate tolerance, the second-derivative test, line searches and divergent steps, and
// references shown with the digits the tolerance makes meaningful.
public class Week56KindsTests
{
    private static ProblemDefinition Read(string body)
    {
        var result = ProblemReader.Read("key: p\ntitle: P\nstatement: s\n" + body + "\n", "test");
        return result.Problem ?? throw new InvalidOperationException(string.Join("; ", result.Errors));
    }

    private const string Orthant = "kind: lagrange\nvariables: [x, y]\nfunction: \"x + y\"\nconstraints: [\"x*y = 4\"]\n";

    // Before: 'domain' was read and ignored, so the minimum was refused ("does not exist": x + y is
    // unbounded below on the branch x, y < 0) and the critical points included (-2, -2).
    [Theory]
    [InlineData("{ x: \"> 0\", y: \"> 0\" }")]
    [InlineData("{ x: \"(0, inf)\", y: \"(0, inf)\" }")]
    [InlineData("{ x: [0, 100], y: [0, 100] }")]
    public void Lagrange_Domain_IsHonouredByTheSolver(string domain)
    {
        var min = Read(Orthant + "ask: min\ndomain: " + domain).Variant(0);
        var points = Read(Orthant + "domain: " + domain).Variant(0);

        Assert.True(min.ReferenceText is not null, min.Failure);
        Assert.Equal(GradeVerdict.Correct, min.Grade("4").Verdict);
        Assert.Equal(GradeVerdict.Correct, points.Grade("{(2, 2)}").Verdict);
        Assert.Equal(GradeVerdict.PartiallyCorrect, points.Grade("{(2, 2), (-2, -2)}").Verdict);
        // Without a domain the same problem still has both critical points and no minimum.
        Assert.Null(Read(Orthant + "ask: min").Variant(0).ReferenceText);
        Assert.Equal(GradeVerdict.Correct, Read(Orthant).Variant(0).Grade("{(2, 2), (-2, -2)}").Verdict);
    }

    [Fact]
    public void Lagrange_StrictAndNonStrictBounds_DecideABoundaryCriticalPoint()
    {
        // x^2 + y^2 on x + y = 0 has its one critical point at the origin, on the bound x = 0.
        const string body = "kind: lagrange\nvariables: [x, y]\nfunction: \"x^2 + y^2\"\nconstraints: [\"x + y = 0\"]\n";
        var closed = Read(body + "domain: { x: \">= 0\" }").Variant(0);
        var open = Read(body + "domain: { x: \"> 0\" }\nconditions: [constraint_feasible]").Variant(0);

        Assert.Equal("{(0, 0)}", closed.ReferenceText);
        Assert.Null(open.ReferenceText);
        Assert.Contains("no critical point", open.Failure, StringComparison.Ordinal);
    }

    // Before: refused ("the constrained maximum does not exist"), because f is NaN at the feasible
    // points with x < 0 or y < 0 and a NaN made every comparison with the critical value false.
    [Theory]
    [InlineData("")]
    [InlineData("domain: { x: \"> 0\", y: \"> 0\" }\n")]
    public void Lagrange_EntropyUndefinedOffTheSimplex_HasItsMaximum(string domain)
    {
        var variant = Read("kind: lagrange\nask: max\nvariables: [x, y]\nfunction: \"-x*log(x) - y*log(y)\"\nconstraints: [\"x + y = 1\"]\n" + domain).Variant(0);

        Assert.True(variant.ReferenceText is not null, variant.Failure);
        Assert.Equal(GradeVerdict.Correct, variant.Grade("log(2)").Verdict);
        Assert.Equal(GradeVerdict.Correct, variant.Grade("0.69315").Verdict);
    }

    // Before: (1, 0.001) was accepted as (1, 0) through the residual route, whose tolerance is relative
    // to the size of the point and gradient (10x the stated absolute 1e-4 here); now every coordinate
    // must be within the stated tolerance of a critical point.
    [Theory]
    [InlineData("0.00009", GradeVerdict.Correct)]
    [InlineData("-0.0001", GradeVerdict.Correct)]
    [InlineData("0.00011", GradeVerdict.PartiallyCorrect)]
    [InlineData("0.0005", GradeVerdict.PartiallyCorrect)]
    [InlineData("0.001", GradeVerdict.PartiallyCorrect)]
    public void Lagrange_PointWithAZeroCoordinate_IsJudgedByTheStatedTolerance(string y, GradeVerdict expected)
    {
        var variant = Read("kind: lagrange\nvariables: [x, y]\nfunction: \"x^2 + 2*y^2\"\nconstraints: [\"x^2 + y^2 = 1\"]\ntolerance: { absolute: 1e-4, relative: 1e-3 }").Variant(0);

        Assert.Equal("{(-1, 0), (0, -1), (0, 1), (1, 0)}", variant.ReferenceText);
        Assert.Equal(expected, variant.Grade($"{{(1, {y}), (-1, 0), (0, 1), (0, -1)}}").Verdict);
    }

    [Fact]
    public void Lagrange_Classify_UsesTheBorderedHessian()
    {
        // x y on x^2 + y^2 = 2: maxima at (1, 1), (-1, -1), minima at (1, -1), (-1, 1).
        var variant = Read("kind: lagrange\nask: classify\nvariables: [x, y]\nfunction: \"x*y\"\nconstraints: [\"x^2 + y^2 = 2\"]").Variant(0);

        Assert.Equal(GradeVerdict.Correct, variant.Grade("{(-1, -1): maximum, (-1, 1): minimum, (1, -1): minimum, (1, 1): maximum}").Verdict);
        Assert.Equal(GradeVerdict.Correct, variant.Grade("{max (1, 1), max (-1, -1), min (1, -1), min (-1, 1)}").Verdict);
        Assert.Equal(0.75, variant.Grade("{(1, 1): max, (-1, -1): max, (1, -1): max, (-1, 1): max}").Score);
    }

    [Theory]
    // jh12 of the numeric sample: the Hessian of x^3 + y^3 - 3xy at the origin is indefinite.
    [InlineData("x^3 + y^3 - 3*x*y", "saddle")]
    [InlineData("x^2 + x*y + y^2", "minimum")]
    [InlineData("-x^2 - y^2 + x*y", "maximum")]
    [InlineData("x^4 + y^2", "inconclusive")]
    public void StationaryPoints_ClassAt_IsTheSecondDerivativeTest(string f, string expected)
    {
        var variant = Read($"kind: stationary_points\nask: class_at\nvariables: [x, y]\nfunction: \"{f}\"\nat: {{ x: 0, y: 0 }}").Variant(0);

        Assert.Equal(expected, variant.ReferenceText);
        Assert.Equal(GradeVerdict.Correct, variant.Grade(expected.ToUpperInvariant()).Verdict);
    }

    [Fact]
    public void StationaryPoints_NotACriticalPoint_RejectsTheVariant()
    {
        var variant = Read("kind: stationary_points\nask: class_at\nvariables: [x, y]\nfunction: \"x^2 + y\"\nat: { x: 0, y: 0 }").Variant(0);

        Assert.Null(variant.ReferenceText);
        Assert.Contains("not a critical point", variant.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void StationaryPoints_ThreeVariables_AndADomain()
    {
        var all = Read("kind: stationary_points\nvariables: [x, y, z]\nfunction: \"x^3 - 3*x + y^2 + z^2\"").Variant(0);
        var positive = Read("kind: stationary_points\nvariables: [x, y, z]\nfunction: \"x^3 - 3*x + y^2 + z^2\"\ndomain: { x: \"> 0\" }").Variant(0);

        Assert.Equal("{(-1, 0, 0): saddle, (1, 0, 0): minimum}", all.ReferenceText);
        Assert.Equal("{(1, 0, 0): minimum}", positive.ReferenceText);
    }

    [Fact]
    public void GradientDescent_DivergentStep_IsDiagnosedWithTheBound()
    {
        // f = x^2 + 3y^2: lambda_max = 6, so descent converges only for eta < 1/3.
        var variant = Read("kind: gradient_descent\nask: minimiser\nvariables: [x, y]\nfunction: \"x^2 + 3*y^2\"\nstart: [\"1\", \"1\"]\nstep_size: \"0.4\"").Variant(0);

        Assert.Null(variant.ReferenceText);
        Assert.Contains("2/λmax = 0.3333", variant.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void GradientDescent_DescentConverges_RejectsTheDivergentStepSizes()
    {
        var problem = Read("kind: gradient_descent\nvariables: [x, y]\nparameters: { s: { choice: [0.1, 0.5] } }\nfunction: \"x^2 + 3*y^2\"\n"
            + "start: [\"1\", \"1\"]\nstep_size: \"s\"\nsteps: 3\nconditions: [descent_converges]");

        for (var seed = 0; seed < 12; seed++)
        {
            // eta = 0.1: x shrinks by 0.8 per step, y by 1 - 0.6 = 0.4; eta = 0.5 makes y grow by -2.
            var point = problem.Variant(seed).ReferenceText!.Trim('(', ')').Split(", ").Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(0.512, point[0], 12);
            Assert.Equal(0.064, point[1], 12);
        }
    }

    [Fact]
    public void Reference_IsFullPrecisionText_AndLatexWithTheMeaningfulDigits()
    {
        var variant = Read("kind: value\nvariables: [x]\nfunction: \"exp(x)\"\nat: { x: 1 }\ntolerance: { absolute: 1e-9, relative: 1e-6 }").Variant(0);
        var loose = Read("kind: value\nvariables: [x]\nfunction: \"exp(x)\"\nat: { x: 1 }\ntolerance: { absolute: 1e-4, relative: 1e-3 }").Variant(0);

        Assert.Equal(Math.E.ToString("R", System.Globalization.CultureInfo.InvariantCulture), variant.ReferenceText);
        Assert.Equal("2.7182818", variant.Reference().Latex);
        Assert.Equal("2.7183", loose.Reference().Latex);
        // Grading compares the unrounded value: the shown digits are inside the tolerance.
        Assert.Equal(GradeVerdict.Correct, variant.Grade(variant.Reference().Latex).Verdict);
        Assert.Equal(GradeVerdict.Correct, loose.Grade(loose.Reference().Latex).Verdict);
    }
}
