using System.Collections.Frozen;
using System.Text;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace GraderHub.Data;

// PartiallyCorrect <-> "partially_correct". Unknown text reads as the default member rather than
// throwing, so a value written by a newer version never makes a page unreadable.
public sealed class SnakeCaseEnumConverter<T>() : ValueConverter<T, string>(
    v => SnakeCase.ToText(v), s => SnakeCase.Parse<T>(s))
    where T : struct, Enum;

public static class SnakeCase
{
    public static string ToText<T>(T value) where T : struct, Enum => Names<T>.ToText[value];

    public static T Parse<T>(string text) where T : struct, Enum =>
        Names<T>.FromText.TryGetValue(text, out var v) ? v : default;

    public static string Convert(string pascal)
    {
        var sb = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            // A word starts at an upper-case letter after a lower-case one: TA -> ta, not t_a.
            if (char.IsUpper(c) && i > 0 && !char.IsUpper(pascal[i - 1])) sb.Append('_');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    private static class Names<T> where T : struct, Enum
    {
        public static readonly FrozenDictionary<T, string> ToText =
            Enum.GetValues<T>().ToFrozenDictionary(v => v, v => Convert(v.ToString()));
        public static readonly FrozenDictionary<string, T> FromText =
            ToText.ToFrozenDictionary(kv => kv.Value, kv => kv.Key);
    }
}
