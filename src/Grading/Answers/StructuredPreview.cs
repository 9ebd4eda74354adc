using GraderHub.Grading.Expressions;
using GraderHub.Grading.Problems;

namespace GraderHub.Grading.Answers;

// The live preview of a structured answer: how every entry was read, laid out as the vector,
// matrix, set or sequence it is, or the first error with its column. It needs no reference, so
// the site can call it on every keystroke; shape is checked when grading.
public static class StructuredPreview
{
    public static AnswerPreview Preview(string? answer, IReadOnlyList<string> variables)
    {
        var (root, invalid) = Entries.Structure(answer);
        if (root is null)
        {
            return new AnswerPreview(false, null, null, invalid!.Feedback, invalid.ErrorColumn);
        }

        var error = (ParseError?)null;
        var column = 0;
        string Render(AnswerNode node, bool latex)
        {
            switch (node)
            {
                case EntryNode entry:
                    var outcome = MathExpression.Parse(entry.Text, variables);
                    if (outcome.Expression is not { } parsed)
                    {
                        if (error is null)
                        {
                            error = outcome.Error ?? new ParseError("The entry cannot be read.", 1);
                            column = entry.Column + error.Column - 1;
                        }

                        return "?";
                    }

                    return latex ? SyntaxPrinter.ToLatex(parsed.Syntax) : SyntaxPrinter.ToText(parsed.Syntax);
                case ListNode list when latex && IsMatrix(list):
                    var rows = list.Items.Cast<ListNode>().Select(r => string.Join(" & ", r.Items.Select(e => Render(e, true))));
                    return @"\begin{bmatrix}" + string.Join(@" \\ ", rows) + @"\end{bmatrix}";
                case ListNode list:
                    var items = list.Items.Select(i => Render(i, latex)).ToList();
                    return latex ? Latex(list, items) : Text(list, items);
                default:
                    throw new ArgumentOutOfRangeException(nameof(node));
            }
        }

        var latexText = Render(root, true);
        var plain = Render(root, false);
        return error is null
            ? new AnswerPreview(true, latexText, plain, null, null)
            : new AnswerPreview(false, null, null, error.Message, column);
    }

    private static string Latex(ListNode list, List<string> items)
    {
        var separator = @",\ ";
        return list.Open switch
        {
            '\0' => string.Join(separator, items),
            '{' => @"\left\{" + string.Join(separator, items) + @"\right\}",
            '[' => @"\left[" + string.Join(separator, items) + @"\right]",
            _ => @"\left(" + string.Join(separator, items) + @"\right)",
        };
    }

    private static string Text(ListNode list, List<string> items)
    {
        var inner = string.Join(", ", items);
        return list.Open switch
        {
            '\0' => inner,
            '{' => "{" + inner + "}",
            '[' => "[" + inner + "]",
            _ => "(" + inner + ")",
        };
    }

    // A bracketed list of equally long bracketed rows of entries is a matrix.
    private static bool IsMatrix(ListNode list) =>
        list.Items.Count > 0
        && list.Items.All(i => i is ListNode { Open: '[' } row && row.Items.All(e => e is EntryNode))
        && list.Items.Select(i => ((ListNode)i).Items.Count).Distinct().Count() == 1;
}
