using System.Globalization;
using GraderHub.Grading.Answers;
using GraderHub.Grading.Problems;

namespace GraderHub.Grading.Tests.Answers;

public class NumberAnswerTests
{
    private static readonly NumberAnswer HalfRootTwo = new(Math.Sqrt(2) / 2, NumericTolerance.Default);

    [Theory]
    [InlineData("sqrt(2)/2")]
    [InlineData("1/sqrt(2)")]
    [InlineData("0.7071")]
    [InlineData("  sin(pi/4) ")]
    public void Grade_ExactOrRoundedValue_IsCorrect(string answer)
    {
        Assert.Equal(GradeVerdict.Correct, HalfRootTwo.Grade(answer).Verdict);
    }

    [Theory]
    [InlineData("0.8", "0.8 is not correct")]
    [InlineData("0.707", "0.707 is not correct")]
    public void Grade_WrongValue_IsIncorrectWithFeedback(string answer, string feedback)
    {
        var grade = HalfRootTwo.Grade(answer);

        Assert.Equal(GradeVerdict.Incorrect, grade.Verdict);
        Assert.Equal(0, grade.Score);
        Assert.Contains(feedback, grade.Feedback, StringComparison.Ordinal);
    }

    // A constant with no value anywhere is refused like a syntax error (issue 9): no attempt, a reason.
    [Theory]
    [InlineData("log(-1)")]
    [InlineData("1/0")]
    [InlineData("log(0)")]
    [InlineData("0^(-1)")]
    public void Grade_UndefinedConstant_IsInvalidAndPreviewRefusesIt(string answer)
    {
        var grade = HalfRootTwo.Grade(answer);

        Assert.Equal(GradeVerdict.Invalid, grade.Verdict);
        Assert.Contains("has no value", grade.Feedback, StringComparison.Ordinal);
        Assert.False(HalfRootTwo.Preview(answer).Ok);
    }

    [Theory]
    [InlineData("sqrt(2)/", 9)]
    [InlineData("[1, 2]", 1)]
    [InlineData("0,7071", 1)]
    [InlineData("", 1)]
    public void Grade_Malformed_IsInvalidWithAColumn(string answer, int column)
    {
        var grade = HalfRootTwo.Grade(answer);

        Assert.Equal(GradeVerdict.Invalid, grade.Verdict);
        Assert.Equal(column, grade.ErrorColumn);
    }

    [Fact]
    public void Grade_UnderACommaDecimalCulture_GradesTheSame()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            // The build runs in invariant-globalization mode, so make a comma-decimal culture by hand.
            var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ",";
            comma.NumberFormat.NumberGroupSeparator = ".";
            CultureInfo.CurrentCulture = comma;
            var grade = new NumberAnswer(1234.5, NumericTolerance.Default).Grade("2469/2 + 1.25");

            Assert.Equal(GradeVerdict.Incorrect, grade.Verdict);
            Assert.Contains("1235.75 is not correct", grade.Feedback, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }
}
