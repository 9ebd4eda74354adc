using GraderHub.Grading.Answers;

namespace GraderHub.Grading.Tests.Answers;

public class AnswerStructureTests
{
    [Theory]
    [InlineData("[1, 2]", "[1|2]")]
    [InlineData("(1, 2)", "(1|2)")]
    [InlineData("[[1, 2], [3, 4]]", "[[1|2]|[3|4]]")]
    [InlineData("{(1, 2), (-1, -2)}", "{(1|2)|(-1|-2)}")]
    [InlineData("1.5, 1.41, 1.414", "1.5|1.41|1.414")]
    [InlineData("(x+1)(x-1)", "(x+1)(x-1)")]
    [InlineData("[sin(x)*(y+1), 2x]", "[sin(x)*(y+1)|2x]")]
    [InlineData("((1, 2))", "((1, 2))")]
    [InlineData("[x]", "[x]")]
    [InlineData("(0.5, 1.5), (0.44, 1.56)", "(0.5|1.5)|(0.44|1.56)")]
    public void Parse_WellFormed_ReadsTheBracketStructure(string text, string expected)
    {
        var result = AnswerStructure.Parse(text);

        Assert.Null(result.Error);
        Assert.Equal(expected, string.Join("|", result.Root!.Items.Select(Show)));
    }

    [Fact]
    public void Parse_Entries_KeepTheirColumnInTheWholeAnswer()
    {
        var root = AnswerStructure.Parse("[[1, 2],  [3, x^]]").Root!;

        var entry = (EntryNode)((ListNode)((ListNode)root.Items[0]).Items[1]).Items[1];
        Assert.Equal("x^", entry.Text);
        Assert.Equal(15, entry.Column);
    }

    [Theory]
    [InlineData("[1, 2", 1, "never closed")]
    [InlineData("[1, 2)", 6, "closed by")]
    [InlineData("1, 2]", 5, "no matching")]
    [InlineData("[1,, 2]", 4, "missing")]
    [InlineData("[1, 2]3", 7, "after")]
    [InlineData("   ", 1, "empty")]
    public void Parse_Malformed_GivesAMessageAndColumn(string text, int column, string message)
    {
        var result = AnswerStructure.Parse(text);

        Assert.Null(result.Root);
        Assert.Equal(column, result.Error!.Column);
        Assert.Contains(message, result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DeepNesting_IsRejectedNotAStackOverflow()
    {
        var text = new string('[', 2000) + new string(']', 2000);

        Assert.Contains("nested", AnswerStructure.Parse(text).Error!.Message, StringComparison.Ordinal);
    }

    private static string Show(AnswerNode node) => node switch
    {
        EntryNode e => e.Text,
        ListNode l => l.Open + string.Join("|", l.Items.Select(Show)) + (l.Open switch { '[' => "]", '(' => ")", _ => "}" }),
        _ => "?",
    };
}
