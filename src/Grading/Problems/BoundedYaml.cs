using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace GraderHub.Grading.Problems;

// Problem YAML comes from authors' files and forms: untrusted text. YamlStream.Load builds its
// node tree recursively, so ~32,000 nested `[` overflow the stack and kill the process (.NET
// cannot catch that). Before loading, the text is measured and then walked once with
// YamlDotNet's own event parser, which keeps its state on the heap: depth, nodes (aliases
// counted as what they expand to, so a billion-laughs file stops at the limit), aliases and
// scalar length are bounded, and the first limit crossed is reported at its line.
public static class BoundedYaml
{
    // A week of the course is ~7 KB, nests 6 deep and has a few hundred nodes: the limits leave
    // room for large sets while keeping a hostile file's cost small.
    public const int MaxChars = 1024 * 1024;
    public const int MaxDepth = 64;
    public const int MaxNodes = 50_000;
    public const int MaxAliases = 100;
    public const int MaxScalarChars = 64 * 1024;

    public static YamlNode? LoadRoot(string text, string source, List<SpecError> errors)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(errors);
        var stream = new YamlStream();
        try
        {
            if (FirstLimitCrossed(text) is { } crossed)
            {
                errors.Add(new SpecError(source, crossed.Line, crossed.Column, crossed.Message));
                return null;
            }
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            errors.Add(new SpecError(source, (int)ex.Start.Line, (int)ex.Start.Column, ex.InnerException?.Message ?? ex.Message));
            return null;
        }
        if (stream.Documents.Count == 0)
        {
            errors.Add(new SpecError(source, 1, 1, "The file is empty."));
            return null;
        }
        return stream.Documents[0].RootNode;
    }

    private sealed record Crossed(int Line, int Column, string Message);

    private sealed record Open(string? Anchor, long NodesAtStart);

    private static Crossed? FirstLimitCrossed(string text)
    {
        if (text.Length > MaxChars)
        {
            var line = 1 + text.AsSpan(0, MaxChars).Count('\n');
            return new Crossed(line, 1, $"The text is {text.Length:N0} characters long; the limit is {MaxChars:N0} (reached at line {line}).");
        }
        var parser = new Parser(new StringReader(text));
        var open = new Stack<Open>();
        var openAnchors = new HashSet<string>(StringComparer.Ordinal);
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        long nodes = 0;
        var aliases = 0;
        while (parser.MoveNext())
        {
            var e = parser.Current!;
            Crossed At(string message) => new((int)e.Start.Line, (int)e.Start.Column, message);
            switch (e)
            {
                case MappingStart or SequenceStart:
                    var anchor = ((NodeEvent)e).Anchor is { IsEmpty: false } a ? a.Value : null;
                    if (open.Count >= MaxDepth)
                        return At($"Nested more than {MaxDepth} levels deep.");
                    open.Push(new Open(anchor, nodes));
                    if (anchor is not null) openAnchors.Add(anchor);
                    nodes++;
                    break;
                case MappingEnd or SequenceEnd:
                    var closed = open.Pop();
                    if (closed.Anchor is not null)
                    {
                        openAnchors.Remove(closed.Anchor);
                        sizes[closed.Anchor] = nodes - closed.NodesAtStart;
                    }
                    break;
                case Scalar scalar:
                    if (scalar.Value.Length > MaxScalarChars)
                        return At($"A value of {scalar.Value.Length:N0} characters; the limit is {MaxScalarChars:N0}.");
                    if (!scalar.Anchor.IsEmpty) sizes[scalar.Anchor.Value] = 1;
                    nodes++;
                    break;
                case AnchorAlias alias:
                    if (++aliases > MaxAliases)
                        return At($"More than {MaxAliases} aliases (*name).");
                    if (openAnchors.Contains(alias.Value.Value))
                        return At($"The alias *{alias.Value.Value} refers to a node that contains it.");
                    // An unknown anchor is left to YamlStream, which reports it at this line.
                    nodes += sizes.GetValueOrDefault(alias.Value.Value, 1);
                    break;
                default:
                    break;
            }
            if (nodes > MaxNodes)
                return At($"More than {MaxNodes:N0} values (aliases count as what they repeat).");
        }
        return null;
    }
}
