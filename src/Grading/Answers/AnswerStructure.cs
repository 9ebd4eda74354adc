namespace GraderHub.Grading.Answers;

// The bracket structure of a structured answer, read before any entry is parsed as an expression:
// `[1, 2]`, `(1, 2)`, `[[1, 2], [3, 4]]`, `{(1, 2), (-1, -2)}`, or a bare comma list `x1, x2, x3`.
// Entries keep their text and 1-based column so an expression error inside one points at the right
// place in the whole answer.
public abstract record AnswerNode(int Column);

public sealed record EntryNode(string Text, int Column) : AnswerNode(Column);

// Open is '[', '(', '{', or '\0' for the bare top-level list.
public sealed record ListNode(char Open, IReadOnlyList<AnswerNode> Items, int Column) : AnswerNode(Column);

public sealed record StructureError(string Message, int Column);

public sealed record StructureResult(ListNode? Root, StructureError? Error);

// Round brackets are ambiguous: `(1, 2)` is a point but `(x+1)(x-1)` is one expression. A round
// group is a list only when it has a comma at its own level and spans the whole item; square and
// curly brackets always make a list.
public static class AnswerStructure
{
    public const int MaxLength = 4000;
    public const int MaxDepth = 8;

    public static StructureResult Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Fail("The answer is empty.", 1);
        }

        if (text.Length > MaxLength)
        {
            return Fail($"The answer is longer than {MaxLength} characters.", MaxLength + 1);
        }

        if (CheckBrackets(text) is { } bracketError)
        {
            return new StructureResult(null, bracketError);
        }

        var items = new List<AnswerNode>();
        var error = ParseItems(text, 0, text.Length, items, 0);
        return error is null ? new StructureResult(new ListNode('\0', items, 1), null) : new StructureResult(null, error);
    }

    // Splits text[start..end) at commas of this level and reads each piece.
    private static StructureError? ParseItems(string text, int start, int end, List<AnswerNode> items, int depth)
    {
        if (depth > MaxDepth)
        {
            return new StructureError($"Brackets are nested more than {MaxDepth} deep.", start + 1);
        }

        var pieceStart = start;
        var level = 0;
        for (var i = start; i <= end; i++)
        {
            var c = i < end ? text[i] : ',';
            if (level == 0 && c == ',')
            {
                var error = ParseItem(text, pieceStart, i, items, depth);
                if (error is not null)
                {
                    return error;
                }

                pieceStart = i + 1;
            }
            else if (IsOpen(c))
            {
                level++;
            }
            else if (IsClose(c))
            {
                level--;
            }
        }

        return null;
    }

    private static StructureError? ParseItem(string text, int start, int end, List<AnswerNode> items, int depth)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (start == end)
        {
            return new StructureError("An entry is missing: two commas in a row, or a comma at the start or end.", start + 1);
        }

        var open = text[start];
        if (IsOpen(open))
        {
            var close = Matching(text, start);
            if (close == start + 1 && open != '(' && close == end - 1)
            {
                // `{}` or `[]`: an empty set or list, e.g. "no critical points".
                items.Add(new ListNode(open, [], start + 1));
                return null;
            }

            var isList = open != '(' || HasCommaAtLevel(text, start + 1, close);
            if (isList)
            {
                if (close != end - 1)
                {
                    return new StructureError($"Unexpected text after '{text[close]}': separate entries with commas.", close + 2);
                }

                var inner = new List<AnswerNode>();
                var error = ParseItems(text, start + 1, close, inner, depth + 1);
                if (error is not null)
                {
                    return error;
                }

                items.Add(new ListNode(open, inner, start + 1));
                return null;
            }
        }

        items.Add(new EntryNode(text[start..end], start + 1));
        return null;
    }

    internal static StructureError? CheckBrackets(string text)
    {
        var stack = new Stack<int>();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsOpen(c))
            {
                stack.Push(i);
            }
            else if (IsClose(c))
            {
                if (stack.Count == 0)
                {
                    return new StructureError($"'{c}' has no matching opening bracket.", i + 1);
                }

                var open = stack.Pop();
                if (CloserOf(text[open]) != c)
                {
                    return new StructureError($"'{text[open]}' at column {open + 1} is closed by '{c}'.", i + 1);
                }
            }
        }

        return stack.Count == 0 ? null : new StructureError($"'{text[stack.Peek()]}' is never closed.", stack.Peek() + 1);
    }

    private static int Matching(string text, int open)
    {
        var level = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (IsOpen(text[i]))
            {
                level++;
            }
            else if (IsClose(text[i]) && --level == 0)
            {
                return i;
            }
        }

        return text.Length - 1;
    }

    private static bool HasCommaAtLevel(string text, int start, int end)
    {
        var level = 0;
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            if (level == 0 && c == ',')
            {
                return true;
            }

            level += IsOpen(c) ? 1 : IsClose(c) ? -1 : 0;
        }

        return false;
    }

    private static bool IsOpen(char c) => c is '(' or '[' or '{';

    private static bool IsClose(char c) => c is ')' or ']' or '}';

    private static char CloserOf(char open) => open switch
    {
        '(' => ')',
        '[' => ']',
        _ => '}',
    };

    private static StructureResult Fail(string message, int column) => new(null, new StructureError(message, column));
}
