using System.Text;

namespace GraderHub.Grading.Tests.Problems;

// Hostile problem files, shared by the engine's tests and the site's (Web.Tests links this file):
// each one crashed, hung or ballooned a YAML reader somewhere. Name, text, and the line its error
// must name (null where any line will do).
public static class HostileYaml
{
    public sealed record Case(string Name, string Text, int? Line)
    {
        public override string ToString() => Name;
    }

    private const string Head = "key: hostile\ntitle: Hostile\nkind: derivative\npoints: 1\nvariables: [x]\nfunction: \"x^2\"\nwrt: x\n";

    public static IReadOnlyList<Case> All { get; } =
    [
        // The file: 64 KB of `[` then `]`; YamlStream.Load overflows the stack on it.
        new("nested-brackets", new string('[', 32_000) + new string(']', 32_000), 1),
        new("nested-braces", Repeat("{a: ", 20_000) + "b" + new string('}', 20_000), 1),
        // Block nesting by indentation, one space a level (line 66 is the 65th level).
        new("nested-indentation", string.Concat(Enumerable.Range(0, 300).Select(i => new string(' ', i) + "a:\n")) + new string(' ', 300) + "b\n", 65),
        new("nested-dashes", Head + "statement: " + Repeat("- ", 20_000) + "x\n", 8),
        new("nested-in-statement", Head + "statement: " + new string('[', 30_000) + "\n", 8),
        new("billion-laughs", BillionLaughs(), null),
        new("many-aliases", Head + "statement: &s hello\ntests:\n  correct: [" + string.Join(", ", Enumerable.Repeat("*s", 5_000)) + "]\n", 10),
        new("alias-to-itself", Head + "statement: s\ntests: &t { correct: [*t] }\n", 9),
        new("many-values", Head + "statement: s\ntests:\n  correct: [" + string.Join(",", Enumerable.Repeat("1", 60_000)) + "]\n", 10),
        new("huge-statement", Head + "statement: \"" + new string('x', 200_000) + "\"\n", 8),
        new("huge-key", Head + new string('k', 100_000) + ": 1\nstatement: s\n", 8),
        new("ten-megabytes", Head + "statement: |\n" + Repeat("  " + new string('y', 98) + "\n", 100_000), null),
    ];

    private static string Repeat(string s, int n) => new StringBuilder(s.Length * n).Insert(0, s, n).ToString();

    private static string BillionLaughs()
    {
        var sb = new StringBuilder(Head).Append("statement: s\nlol0: &l0 lol\n");
        for (var i = 1; i <= 9; i++)
            sb.Append("lol").Append(i).Append(": &l").Append(i).Append(" [")
                .Append(string.Join(",", Enumerable.Repeat("*l" + (i - 1), 10))).Append("]\n");
        return sb.ToString();
    }
}
