using System.Collections.Frozen;

namespace GraderHub.Grading.Expressions;

public sealed record ParseOptions
{
    public static readonly ParseOptions Default = new();
    public int MaxLength { get; init; } = 2000;
    public int MaxDepth { get; init; } = 100;
}

public sealed record ParseResult(SyntaxNode? Syntax, ParseError? Error)
{
    public bool Succeeded => Syntax is not null && Error is null;
}

// Recursive-descent parser for what students type. Precedence, loosest first:
//   + -  (left)   |   * / and implicit multiplication (left)   |   unary - +   |   ^ ** (right)
// so -x^2 = -(x^2), 2^3^2 = 2^9, 1/2x = (1/2)*x. Never throws: every failure is a ParseError.
public static class Parser
{
    private static readonly FrozenDictionary<string, FunctionKind> Functions = new Dictionary<string, FunctionKind>
    {
        ["sin"] = FunctionKind.Sin, ["cos"] = FunctionKind.Cos, ["tan"] = FunctionKind.Tan,
        ["sec"] = FunctionKind.Sec, ["csc"] = FunctionKind.Csc, ["cot"] = FunctionKind.Cot,
        ["asin"] = FunctionKind.Asin, ["acos"] = FunctionKind.Acos, ["atan"] = FunctionKind.Atan,
        ["arcsin"] = FunctionKind.Asin, ["arccos"] = FunctionKind.Acos, ["arctan"] = FunctionKind.Atan,
        ["sinh"] = FunctionKind.Sinh, ["cosh"] = FunctionKind.Cosh, ["tanh"] = FunctionKind.Tanh,
        ["exp"] = FunctionKind.Exp, ["log"] = FunctionKind.Log, ["ln"] = FunctionKind.Log,
        ["sqrt"] = FunctionKind.Sqrt, ["abs"] = FunctionKind.Abs,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static IReadOnlyCollection<string> FunctionNames => Functions.Keys;

    // Span lookups so that splitting a word into names allocates nothing.
    private static readonly FrozenDictionary<string, FunctionKind>.AlternateLookup<ReadOnlySpan<char>> FunctionsBySpan =
        Functions.GetAlternateLookup<ReadOnlySpan<char>>();

    public static readonly IReadOnlyList<string> GreekNames =
    [
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda",
        "mu", "nu", "xi", "omicron", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega",
    ];

    public static ParseResult Parse(string? text, IReadOnlyList<string> variables, ParseOptions? options = null)
    {
        options ??= ParseOptions.Default;
        try
        {
            if (text is null || string.IsNullOrWhiteSpace(text))
            {
                return Fail("The answer is empty: type an expression.", 1);
            }
            if (text.Length > options.MaxLength)
            {
                return Fail($"The answer is too long (at most {options.MaxLength} characters).", options.MaxLength + 1);
            }
            var names = new NameTable(variables);
            var lexer = new Lexer(text, names);
            var tokens = lexer.Tokenize(out var lexError);
            if (lexError is not null)
            {
                return new ParseResult(null, lexError);
            }
            var parser = new RecursiveDescent(text, tokens, options.MaxDepth);
            return parser.ParseAll();
        }
        catch (InsufficientExecutionStackException)
        {
            return Fail("The answer is nested too deeply.", 1);
        }
    }

    private static ParseResult Fail(string message, int column, int length = 1) => new(null, new ParseError(message, column, length));

    internal enum TokenKind { Number, Function, Constant, Variable, Plus, Minus, Star, Slash, Caret, LParen, RParen, Bar, End }

    internal readonly record struct Token(TokenKind Kind, int Start, int Length, string Text, FunctionKind Function = FunctionKind.Sin);

    // Declared variables, matched with or without the underscore before an index (x1 == x_1).
    private sealed class NameTable
    {
        private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
        private readonly int _longest = 7;

        public NameTable(IReadOnlyList<string> variables)
        {
            _bySpan = _variables.GetAlternateLookup<ReadOnlySpan<char>>();
            foreach (var v in variables)
            {
                if (!string.IsNullOrEmpty(v))
                {
                    _variables[Normalise(v)] = v;
                    _longest = Math.Max(_longest, v.Length + 1);
                }
            }
        }

        public IEnumerable<string> Variables => _variables.Values;

        public static string Normalise(string name) => name.Replace("_", "", StringComparison.Ordinal);

        public int Longest => _longest;

        public bool TryVariable(ReadOnlySpan<char> piece, out string declared)
        {
            if (piece.Contains('_'))
            {
                return _variables.TryGetValue(Normalise(piece.ToString()), out declared!);
            }
            return _bySpan.TryGetValue(piece, out declared!);
        }
    }

    private sealed class Lexer(string text, NameTable names)
    {
        private readonly List<Token> _tokens = new(text.Length);

        public List<Token> Tokenize(out ParseError? error)
        {
            error = null;
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                if (char.IsWhiteSpace(c))
                {
                    i++;
                    continue;
                }
                if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
                {
                    error = LexNumber(ref i);
                }
                else if (char.IsAsciiLetter(c))
                {
                    error = LexWord(ref i);
                }
                else
                {
                    error = LexSymbol(ref i);
                }
                if (error is not null)
                {
                    return _tokens;
                }
            }
            _tokens.Add(new Token(TokenKind.End, text.Length, 0, ""));
            return _tokens;
        }

        private ParseError? LexNumber(ref int i)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
            if (i < text.Length && text[i] == '.')
            {
                i++;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }
            }
            // Scientific notation only when digits follow the e: 2e3 is 2000, 2e is 2*e, 2ex is 2*e*x.
            if (i < text.Length && text[i] is 'e' or 'E')
            {
                var j = i + 1;
                if (j < text.Length && text[j] is '+' or '-')
                {
                    j++;
                }
                if (j < text.Length && char.IsAsciiDigit(text[j]))
                {
                    i = j;
                    while (i < text.Length && char.IsAsciiDigit(text[i]))
                    {
                        i++;
                    }
                }
            }
            if (i < text.Length && text[i] == '.')
            {
                return new ParseError("A number has two decimal points.", i + 1);
            }
            if (i < text.Length && text[i] == ',' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))
            {
                return new ParseError("Use '.' as the decimal point, not ','.", i + 1);
            }
            var literal = text[start..i];
            if (!Rational.TryParseDecimal(literal, out _))
            {
                return new ParseError($"'{literal}' is not a number this grader can read (too long or exponent too large).", start + 1, i - start);
            }
            _tokens.Add(new Token(TokenKind.Number, start, i - start, literal));
            return null;
        }

        private ParseError? LexWord(ref int i)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
            {
                i++;
            }
            var word = text[start..i];
            if (Segment(word, 0, start))
            {
                return null;
            }
            return UnknownName(word, start);
        }

        // Splits a run of letters into known names (xy -> x y, sinx -> sin x, 2pix -> pi x), preferring
        // the longest name at each position and backtracking when the rest cannot be split.
        private HashSet<int>? _failedAt;

        private bool Segment(string word, int at, int offset)
        {
            if (at == word.Length)
            {
                return true;
            }
            if (at == 0)
            {
                _failedAt?.Clear();
            }
            if (_failedAt is not null && _failedAt.Contains(at))
            {
                return false;
            }
            var mark = _tokens.Count;
            // Longest name first at each position.
            for (var end = Math.Min(word.Length, at + names.Longest); end > at; end--)
            {
                var piece = word.AsSpan(at, end - at);
                var length = end - at;
                Token token;
                if (names.TryVariable(piece, out var declared))
                {
                    token = new Token(TokenKind.Variable, offset + at, length, declared);
                }
                else if (FunctionsBySpan.TryGetValue(piece, out var function))
                {
                    // Keep the spelling typed (ln, arcsin) for messages; reuse the interned name when equal.
                    var name = ExprPrinter.FunctionName(function);
                    token = new Token(TokenKind.Function, offset + at, length, piece.SequenceEqual(name) ? name : piece.ToString(), function);
                }
                else if (piece is "pi" or "e")
                {
                    token = new Token(TokenKind.Constant, offset + at, length, piece is "pi" ? "pi" : "e");
                }
                else
                {
                    continue;
                }
                _tokens.Add(token);
                if (Segment(word, end, offset))
                {
                    return true;
                }
                _tokens.RemoveRange(mark, _tokens.Count - mark);
            }
            // Memoised so that words like "xxxxxxxq" with names x and xx fail in linear time.
            (_failedAt ??= []).Add(at);
            return false;
        }

        private ParseError UnknownName(string word, int start)
        {
            // "y = 2x": the name before an '=' is the left side of an equation, not a misspelt
            // variable; say what the answer is instead of suggesting a name.
            // The same for "f(x) = ..." and "dy/dx = ...": any '=' later in the answer.
            var relation = text.AsSpan(start + word.Length).IndexOfAny('=', '<', '>');
            if (relation >= 0)
            {
                return new ParseError(EquationMessage(text[start + word.Length + relation]), start + 1, word.Length);
            }
            var known = new List<string>(names.Variables);
            known.AddRange(Functions.Keys);
            known.Add("pi");
            known.Add("e");
            // Point at the first piece that cannot be read, so "2*x*yy" with x declared names "yy".
            var best = Suggest(word, known);
            var declared = string.Join(", ", names.Variables);
            var nextIsBracket = start + word.Length < text.Length && text[start + word.Length] == '(';
            var what = nextIsBracket
                ? $"Unknown function '{word}'."
                : word.Length <= 3 || Parser.GreekNames.Contains(word)
                    ? $"Unknown variable '{word}': this problem's variables are {(declared.Length == 0 ? "none" : declared)}."
                    : $"Unknown name '{word}'.";
            var message = best is null ? what : $"{what} Did you mean '{best}'?";
            return new ParseError(message, start + 1, word.Length);
        }

        private ParseError? LexSymbol(ref int i)
        {
            var c = text[i];
            var start = i;
            TokenKind? kind = c switch
            {
                '+' => TokenKind.Plus,
                '-' => TokenKind.Minus,
                '/' => TokenKind.Slash,
                '^' => TokenKind.Caret,
                '(' => TokenKind.LParen,
                ')' => TokenKind.RParen,
                '|' => TokenKind.Bar,
                '*' => TokenKind.Star,
                _ => null,
            };
            if (kind is { } k)
            {
                if (c == '*' && i + 1 < text.Length && text[i + 1] == '*')
                {
                    _tokens.Add(new Token(TokenKind.Caret, start, 2, "**"));
                    i += 2;
                    return null;
                }
                _tokens.Add(new Token(k, start, 1, c.ToString()));
                i++;
                return null;
            }
            var message = c switch
            {
                '=' or '<' or '>' => EquationMessage(c),
                '!' => "Factorials ('!') are not part of the answer syntax.",
                '\\' => "Type the plain syntax (for example 1/x or sqrt(x)), not LaTeX.",
                '·' or '×' or '∙' or '⋅' => "Use * for multiplication.",
                '÷' => "Use / for division.",
                '−' or '–' or '—' => "Use the ASCII minus sign '-'.",
                'π' => "Type pi for π.",
                '[' or ']' or '{' or '}' => "Use round brackets ( ) for grouping.",
                ',' => "Unexpected ','. Use '.' as the decimal point; a function takes one argument.",
                '²' or '³' => "Use ^ for powers, for example x^2.",
                _ when char.IsLetter(c) => $"Unknown character '{c}': use ASCII letters, and type greek letters by name (alpha, theta, ...).",
                _ => $"Unexpected character '{c}'.",
            };
            return new ParseError(message, start + 1);
        }
    }

    // The answer box already says what is being asked for ("f'(x) ="), so only the right side is typed.
    internal static string EquationMessage(char c) => c == '='
        ? "An answer is an expression, not an equation: type only what comes after the '=' (the box already names the left side)."
        : "An answer is an expression, not an inequality: remove the '" + c + "' and what is on its other side.";

    internal static string? Suggest(string word, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var d = Levenshtein(word.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (d < bestDistance || (d == bestDistance && best is not null && string.CompareOrdinal(candidate, best) < 0))
            {
                bestDistance = d;
                best = candidate;
            }
        }
        // A one-letter word is one edit from every other letter, so only a different case counts
        // ("X" for "x"), never "e" for "y".
        var limit = word.Length == 1 ? 0 : word.Length <= 2 ? 1 : 2;
        return bestDistance <= limit ? best : null;
    }

    private static int Levenshtein(string a, string b)
    {
        if (a.Length > 40 || b.Length > 40)
        {
            return int.MaxValue;
        }
        var beforePrevious = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                // A swap of two neighbours (sni for sin) counts as one edit.
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    current[j] = Math.Min(current[j], beforePrevious[j - 2] + 1);
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious);
        }
        return previous[b.Length];
    }

    private sealed class RecursiveDescent(string text, List<Token> tokens, int maxDepth)
    {
        private int _position;
        private int _depth;
        private int _absDepth;

        private Token Current => tokens[_position];

        private sealed class ParseFailure(ParseError error) : Exception(error.Message)
        {
            public ParseError Error { get; } = error;
        }

        public ParseResult ParseAll()
        {
            try
            {
                var node = ParseSum();
                if (Current.Kind != TokenKind.End)
                {
                    throw Unexpected(Current);
                }
                return new ParseResult(node, null);
            }
            catch (ParseFailure failure)
            {
                return new ParseResult(null, failure.Error);
            }
        }

        private ParseFailure Error(string message, int start, int length = 1) =>
            new(new ParseError(message, start + 1, Math.Max(1, length)));

        private ParseFailure Unexpected(Token token) => token.Kind switch
        {
            TokenKind.End => Error("The expression ends too early: something is missing at the end.", text.Length),
            TokenKind.RParen => Error("There is a ')' without a matching '('.", token.Start),
            TokenKind.Bar when _absDepth == 0 => Error("There is a '|' without its pair.", token.Start),
            TokenKind.Number => Error($"Missing operator before '{token.Text}': write * between numbers.", token.Start, token.Length),
            TokenKind.Plus or TokenKind.Star or TokenKind.Slash or TokenKind.Caret =>
                Error($"'{token.Text}' needs something on its left.", token.Start, token.Length),
            _ => Error($"Unexpected '{token.Text}'.", token.Start, token.Length),
        };

        private Token Advance() => tokens[_position++];

        private void Enter()
        {
            if (++_depth > maxDepth)
            {
                throw Error("The answer is nested too deeply.", Current.Start);
            }
        }

        private SyntaxNode ParseSum()
        {
            var left = ParseProduct();
            while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
            {
                var op = Advance();
                var right = ParseProduct();
                left = new BinarySyntax(Span(left, right), op.Kind == TokenKind.Plus ? BinaryOperator.Add : BinaryOperator.Subtract,
                    left, right, new TextSpan(op.Start, op.Length));
            }
            return left;
        }

        private bool StartsImplicitOperand(Token t) => t.Kind switch
        {
            TokenKind.Function or TokenKind.Constant or TokenKind.Variable or TokenKind.LParen => true,
            TokenKind.Bar => _absDepth == 0,
            _ => false,
        };

        private SyntaxNode ParseProduct()
        {
            var left = ParseUnary();
            while (true)
            {
                var t = Current;
                if (t.Kind is TokenKind.Star or TokenKind.Slash)
                {
                    Advance();
                    var right = ParseUnary();
                    left = new BinarySyntax(Span(left, right), t.Kind == TokenKind.Star ? BinaryOperator.Multiply : BinaryOperator.Divide,
                        left, right, new TextSpan(t.Start, t.Length));
                }
                else if (StartsImplicitOperand(t))
                {
                    var right = ParsePower();
                    left = new BinarySyntax(Span(left, right), BinaryOperator.ImplicitMultiply, left, right, new TextSpan(t.Start, 0));
                }
                else if (t.Kind == TokenKind.Number)
                {
                    throw Unexpected(t);
                }
                else
                {
                    return left;
                }
            }
        }

        private SyntaxNode ParseUnary()
        {
            var t = Current;
            if (t.Kind is TokenKind.Minus or TokenKind.Plus)
            {
                Enter();
                Advance();
                var operand = ParseUnary();
                _depth--;
                var span = TextSpan.FromBounds(t.Start, operand.Span.End);
                return t.Kind == TokenKind.Minus ? new NegateSyntax(span, operand) : operand;
            }
            return ParsePower();
        }

        private SyntaxNode ParsePower()
        {
            var @base = ParsePrimary();
            if (Current.Kind == TokenKind.Caret)
            {
                var op = Advance();
                Enter();
                var exponent = ParseUnary();
                _depth--;
                return new BinarySyntax(Span(@base, exponent), BinaryOperator.Power, @base, exponent, new TextSpan(op.Start, op.Length));
            }
            return @base;
        }

        private SyntaxNode ParsePrimary()
        {
            var t = Current;
            switch (t.Kind)
            {
                case TokenKind.Number:
                    Advance();
                    Rational.TryParseDecimal(t.Text, out var value);
                    return new NumberSyntax(new TextSpan(t.Start, t.Length), t.Text, value);
                case TokenKind.Variable:
                    Advance();
                    return new NameSyntax(new TextSpan(t.Start, t.Length), t.Text, NameKind.Variable);
                case TokenKind.Constant:
                    Advance();
                    return new NameSyntax(new TextSpan(t.Start, t.Length), t.Text, NameKind.Constant);
                case TokenKind.Function:
                    return ParseCall();
                case TokenKind.LParen:
                {
                    Enter();
                    Advance();
                    if (Current.Kind == TokenKind.RParen)
                    {
                        throw Error("Empty brackets '()'.", Current.Start);
                    }
                    var inner = ParseSum();
                    if (Current.Kind != TokenKind.RParen)
                    {
                        throw Current.Kind == TokenKind.End
                            ? Error($"Missing ')' to close the '(' at column {t.Start + 1}.", text.Length)
                            : Unexpected(Current);
                    }
                    var close = Advance();
                    _depth--;
                    return new GroupSyntax(TextSpan.FromBounds(t.Start, close.Start + 1), inner);
                }
                case TokenKind.Bar when _absDepth == 0 || _position == 0 || IsOperatorBefore():
                {
                    Enter();
                    Advance();
                    _absDepth++;
                    var inner = ParseSum();
                    if (Current.Kind != TokenKind.Bar)
                    {
                        throw Current.Kind == TokenKind.End
                            ? Error($"Missing '|' to close the '|' at column {t.Start + 1}.", text.Length)
                            : Unexpected(Current);
                    }
                    var close = Advance();
                    _absDepth--;
                    _depth--;
                    return new AbsSyntax(TextSpan.FromBounds(t.Start, close.Start + 1), inner);
                }
                default:
                    throw t.Kind == TokenKind.End
                        ? Error("The expression ends too early: something is missing at the end.", text.Length)
                        : t.Kind is TokenKind.Plus or TokenKind.Minus or TokenKind.Star or TokenKind.Slash or TokenKind.Caret
                            ? Error($"Two operators in a row: '{t.Text}' needs a number, a variable or '(' before it.", t.Start, t.Length)
                            : Unexpected(t);
            }
        }

        private bool IsOperatorBefore() =>
            tokens[_position - 1].Kind is TokenKind.Plus or TokenKind.Minus or TokenKind.Star or TokenKind.Slash
                or TokenKind.Caret or TokenKind.LParen or TokenKind.Bar;

        private SyntaxNode ParseCall()
        {
            var name = Advance();
            Enter();
            SyntaxNode? power = null;
            if (Current.Kind == TokenKind.Caret)
            {
                // sin^2(x) means sin(x)^2. sin^-1 is ambiguous between asin and 1/sin: refuse it.
                var caret = Advance();
                var exponentStart = Current;
                if (exponentStart.Kind == TokenKind.Minus)
                {
                    throw Error($"'{name.Text}^-1' is ambiguous: write a{name.Text}(x) for the inverse function or 1/{name.Text}(x) for the reciprocal.", caret.Start, 2);
                }
                if (exponentStart.Kind != TokenKind.Number || !Rational.TryParseDecimal(exponentStart.Text, out var n) || !n.IsInteger || n.Sign <= 0)
                {
                    throw Error($"After '{name.Text}^' write a whole number, as in {name.Text}^2(x).", exponentStart.Start, Math.Max(1, exponentStart.Length));
                }
                Advance();
                power = new NumberSyntax(new TextSpan(exponentStart.Start, exponentStart.Length), exponentStart.Text, n);
            }
            SyntaxNode argument;
            bool parenthesized;
            if (Current.Kind == TokenKind.LParen)
            {
                argument = ParsePrimary();
                parenthesized = true;
            }
            else if (StartsImplicitOperand(Current) || Current.Kind == TokenKind.Number)
            {
                // `sin x^2` is sin(x^2) and `sin 2x` is sin(2x): the argument runs over implicitly
                // multiplied factors and stops at an explicit operator or the next function name.
                argument = ParsePower();
                while (StartsImplicitOperand(Current) && Current.Kind != TokenKind.Function)
                {
                    var right = ParsePower();
                    argument = new BinarySyntax(Span(argument, right), BinaryOperator.ImplicitMultiply, argument, right, new TextSpan(right.Span.Start, 0));
                }
                parenthesized = false;
            }
            else
            {
                throw Current.Kind == TokenKind.End
                    ? Error($"'{name.Text}' needs an argument, as in {name.Text}(x).", name.Start, name.Length)
                    : Error($"'{name.Text}' needs an argument in brackets, as in {name.Text}(x).", Current.Start, Current.Length);
            }
            _depth--;
            return new CallSyntax(TextSpan.FromBounds(name.Start, argument.Span.End), name.Function, name.Text, argument, power, parenthesized);
        }

        private static TextSpan Span(SyntaxNode a, SyntaxNode b) => TextSpan.FromBounds(a.Span.Start, b.Span.End);
    }
}
