using System.Diagnostics;
using System.Globalization;
using GraderHub.Grading.Answers;
using GraderHub.Grading.Equivalence;
using GraderHub.Grading.Expressions;
using GraderHub.Grading.Problems;
using GraderHub.Tests.Shared;

namespace GraderHub.Grading.Tests.Equivalence;

// A grading's time limit reaches the engine as a CancellationToken: every hot loop (expansion,
// sampling, 256-bit evaluation, diagnosis) checks it, and no boundary that turns failures into
// verdicts swallows the cancellation.
public class CancellationTests
{
    public static readonly string Pathological = SlowAnswers.Pathological("2x cos(x^2)");

    private static readonly CancellationToken Cancelled = new(canceled: true);

    [Fact]
    public void Expand_Cancelled_ThrowsBeforeMultiplyingOut()
    {
        var power = MathExpression.Parse("(x+1)^64", ["x"]).Expression!.Canonical;
        Assert.NotNull(Expr.Expand(power));
        Assert.Throws<OperationCanceledException>(() => Expr.Expand(power, ct: Cancelled));
    }

    [Theory]
    [InlineData("2x cos(x^2)")] // equivalent: sampling only
    [InlineData("-2x cos(x^2)")] // different: sampling, then the diagnosis
    public void Check_Cancelled_ThrowsInsteadOfAVerdict(string answer)
    {
        var reference = MathExpression.Parse("2x cos(x^2)", ["x"]).Expression!;
        var prepared = new PreparedReference(reference.Canonical, reference.Raw, ["x"]);
        var parsed = MathExpression.Parse(answer, ["x"]).Expression!;

        Assert.NotEqual(EquivalenceVerdict.Undetermined, EquivalenceChecker.Check(prepared, parsed).Verdict);
        Assert.Throws<OperationCanceledException>(() => EquivalenceChecker.Check(prepared, parsed, Cancelled));
        Assert.Throws<OperationCanceledException>(() => Diagnoser.Diagnose(prepared, parsed, null, null, Cancelled));
    }

    [Theory]
    [InlineData("{0}")] // the reference itself
    [InlineData("-({0})")] // the sign slip: graded, then diagnosed
    public void VariantGrade_Cancelled_IsNotTurnedIntoAnUndeterminedGrade(string template)
    {
        var variant = ChainRule().Variant(3);
        var answer = string.Format(CultureInfo.InvariantCulture, template, variant.ReferenceText);
        Assert.NotEqual(GradeVerdict.Undetermined, variant.Grade(answer).Verdict);
        Assert.Throws<OperationCanceledException>(() => variant.Grade(answer, Cancelled));
    }

    // The pathological answer, cancelled 50 ms in: it ends with the cancellation, long before the
    // grading would have ended on its own. The times are printed, not asserted (the machine is shared).
    [Fact]
    public void VariantGrade_PathologicalAnswerCancelledMidway_StopsAndGivesNoVerdict()
    {
        var variant = ChainRule().Variant(3);
        var whole = Stopwatch.StartNew();
        var uncancelled = variant.Grade(Pathological);
        whole.Stop();

        using var limit = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var stopped = Stopwatch.StartNew();
        Assert.Throws<OperationCanceledException>(() => variant.Grade(Pathological, limit.Token));
        stopped.Stop();

        Assert.NotEqual(GradeVerdict.Undetermined, uncancelled.Verdict);
        Console.WriteLine($"pathological answer: {whole.ElapsedMilliseconds} ms to grade, {stopped.ElapsedMilliseconds} ms until stopped by a 50 ms limit");
    }

    private static ProblemDefinition ChainRule()
    {
        var read = ProblemSetReader.Read(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Seed", "week-1.yaml")), "week-1.yaml");
        return read.ProblemSet!.Problems.Single(p => p.Key == "chain-rule");
    }
}
