using System.Globalization;
using System.Text.RegularExpressions;
using GraderHub.Grading.Answers;
using GraderHub.Grading.Feedback;
using GraderHub.Grading.Problems;
using GraderHub.Grading.Problems.Kinds;

namespace GraderHub.Grading.Tests.Feedback;

// The statement's precision words and the grader's tolerance are one rule (Precision): for every
// kind with a numeric answer, the shipped problems' references typed at exactly the stated
// precision are accepted, and a number with one figure fewer that misses the tolerance is not.
public partial class PrecisionTests
{
    [Theory]
    [InlineData(1e-4, 1e-3, PrecisionUnit.SignificantFigures, 4)]
    [InlineData(1e-6, 1e-4, PrecisionUnit.SignificantFigures, 5)]
    [InlineData(1e-6, 1e-6, PrecisionUnit.SignificantFigures, 7)]
    [InlineData(1e-6, 5e-4, PrecisionUnit.SignificantFigures, 4)]
    [InlineData(1e-4, 0, PrecisionUnit.DecimalPlaces, 4)]
    [InlineData(0.05, 0, PrecisionUnit.DecimalPlaces, 1)]
    public void Of_Tolerance_GivesTheLeastPrecisionThatIsAlwaysAccepted(double absolute, double relative, PrecisionUnit unit, int digits)
    {
        Assert.Equal(new Precision(unit, digits), Precision.Of(new NumericTolerance(absolute, relative)));
    }

    [Fact]
    public void Words_ArePluralisedAndSaid()
    {
        Assert.Equal("to at least 4 significant figures", Precision.Of(new NumericTolerance(1e-4, 1e-3)).Words);
        Assert.Equal("to at least 1 decimal place", Precision.Of(new NumericTolerance(0.05, 0)).Words);
    }

    // Worst case for significant figures: a leading digit 1. Every rounding to n figures passes; the
    // nearest n-1 figure number beyond the tolerance does not.
    [Theory]
    [InlineData(1e-4, 1e-3)]
    [InlineData(1e-6, 1e-4)]
    [InlineData(1e-4, 0)]
    public void Rounding_AtTheStatedPrecision_IsAccepted(double absolute, double relative)
    {
        var tolerance = new NumericTolerance(absolute, relative);
        var precision = Precision.Of(tolerance);
        var random = new Random(13);
        for (var i = 0; i < 2000; i++)
        {
            var v = (random.NextDouble() * 2 - 1) * Math.Pow(10, random.Next(-1, 4));
            Assert.True(tolerance.Accepts(precision.Round(v, precision.Digits), v), $"{v} rounded to {precision.Words}");
        }
    }

    private static IEnumerable<(string File, ProblemDefinition Problem)> SeedProblems() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Seed"), "week-*.yaml").Order(StringComparer.Ordinal)
            .SelectMany(f => ProblemSetReader.Read(File.ReadAllText(f), Path.GetFileName(f)).ProblemSet!.Problems.Select(p => (Path.GetFileName(f), p)));

    // Kinds whose answer is numeric in at least one shipped problem.
    private static List<string> NumericKindNames() =>
        [.. SeedProblems().Where(p => p.Problem.Variant(0).Tolerance is not null).Select(p => p.Problem.Kind).Distinct().Order(StringComparer.Ordinal)];

    public static TheoryData<string> NumericKinds() => [.. NumericKindNames()];

    [Fact]
    public void NumericKinds_CoverEveryKindWithANumericAnswer()
    {
        // Taylor polynomials and linearisations are expressions, graded by equivalence with no
        // tolerance to state; every other kind has a numeric form among the shipped problems.
        var expressionOnly = new[] { "taylor", "linearisation" };
        Assert.Equal(KindRegistry.Names.Except(expressionOnly).Order(StringComparer.Ordinal), NumericKindNames());
    }

    [Theory]
    [MemberData(nameof(NumericKinds))]
    public void Statement_StatesThePrecisionThatGradingAccepts(string kind)
    {
        var checkedRejection = 0;
        foreach (var (file, problem) in SeedProblems().Where(p => p.Problem.Kind == kind))
        {
            foreach (var seed in new[] { 0, 1, 2, 3 })
            {
                var variant = problem.Variant(seed);
                if (variant.Tolerance is not { } tolerance || variant.ReferenceText is not { } reference)
                {
                    continue;
                }

                var precision = Precision.Of(tolerance);
                var where = $"{file} {problem.Key} seed {seed}";
                Assert.Contains(precision.Words, variant.Render().StatementMarkdown, StringComparison.Ordinal);

                var atPrecision = NumberPattern().Replace(reference, m => precision.Text(Parse(m.Value), precision.Digits));
                var grade = variant.Grade(atPrecision);
                Assert.True(grade.Verdict == GradeVerdict.Correct, $"{where}: '{atPrecision}' ({precision.Words}) got {grade.Verdict}: {grade.Feedback}");

                // One figure fewer, beyond the tolerance, in the first number where the relative part decides.
                var first = NumberPattern().Matches(reference).FirstOrDefault(m => Math.Abs(Parse(m.Value)) * tolerance.Relative >= tolerance.Absolute && Parse(m.Value) != 0);
                if (first is null || NonlinearChiSquaredAccepts(problem))
                {
                    continue;
                }

                var r = Parse(first.Value);
                var fewer = OneFigureFewerBeyond(precision, tolerance, r);
                var wrong = reference[..first.Index] + fewer.ToString("R", CultureInfo.InvariantCulture) + reference[(first.Index + first.Length)..];
                var refused = variant.Grade(NumberPattern().Replace(wrong, m => m.Index == first.Index ? m.Value : precision.Text(Parse(m.Value), precision.Digits)));
                Assert.True(refused.Verdict != GradeVerdict.Correct, $"{where}: {fewer} for {r} ({precision.Digits - 1} figures, beyond the tolerance) was accepted");
                checkedRejection++;
            }
        }

        Assert.True(checkedRejection > 0, $"no shipped {kind} problem has a number where one figure fewer can be checked");
    }

    // A non-linear fit's parameters are accepted by their chi-squared, which may forgive a
    // parameter beyond its own tolerance in a flat valley: only acceptance is checked there.
    private static bool NonlinearChiSquaredAccepts(ProblemDefinition problem) =>
        problem.Kind == "nonlinear_fit" && problem.Variant(0).Box.Prefix.Contains('(', StringComparison.Ordinal);

    // The number with one significant figure (or decimal place) fewer nearest to r whose error is
    // beyond the tolerance.
    private static double OneFigureFewerBeyond(Precision precision, NumericTolerance tolerance, double r)
    {
        var digits = precision.Digits - 1;
        var unit = precision.UnitOf(r, digits);
        var rounded = precision.Round(r, digits);
        for (var k = 0; ; k++)
        {
            foreach (var candidate in new[] { rounded + (k * unit), rounded - (k * unit) })
            {
                var typed = precision.Round(candidate, digits);
                if (!tolerance.Accepts(typed, r))
                {
                    return typed;
                }
            }
        }
    }

    private static double Parse(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"-?\d+(\.\d+)?([eE][-+]?\d+)?")]
    private static partial Regex NumberPattern();
}
