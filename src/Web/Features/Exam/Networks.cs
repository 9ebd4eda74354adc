using System.Net;

namespace GraderHub.Web.Features.Exam;

// The networks an exam may be taken from: CIDR ranges (IPv4 and IPv6), one a line or separated
// by commas, as staff type them on the set editor. A bare address is its own /32 or /128.
public static class Networks
{
    public const int MaxRanges = 50;

    // Null text: no restriction (an empty list).
    public static IReadOnlyList<IPNetwork> Parse(string? text) =>
        Read(text, out _) ?? [];

    // The ranges, or null with the first error.
    public static IReadOnlyList<IPNetwork>? Read(string? text, out string? error)
    {
        error = null;
        var items = (text ?? "").Split([',', '\n', '\r', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (items.Length > MaxRanges)
        {
            error = $"List at most {MaxRanges} network ranges.";
            return null;
        }
        var ranges = new List<IPNetwork>();
        foreach (var item in items)
        {
            if (item.Contains('/'))
            {
                // .NET masks bits after the prefix silently (10.0.0.1/8 reads as 10.0.0.0/8): a typo
                // would widen the range without a word, so it is refused instead.
                if (!IPNetwork.TryParse(item, out var range) || !IPAddress.TryParse(item[..item.IndexOf('/')], out var typed)
                    || !typed.Equals(range.BaseAddress))
                {
                    error = $"\"{Shorten(item)}\" is not a network range: write it as CIDR, e.g. 192.0.2.0/24 or 2001:db8::/32 (no bits set after the prefix).";
                    return null;
                }
                ranges.Add(range);
            }
            else if (IPAddress.TryParse(item, out var address))
            {
                ranges.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                error = $"\"{Shorten(item)}\" is not an IP address or network range: write it as CIDR, e.g. 192.0.2.0/24 or 2001:db8::/32.";
                return null;
            }
        }
        return ranges;
    }

    // The normalised text stored for valid ranges (one a line); null for none.
    public static string? Format(IReadOnlyList<IPNetwork> ranges) =>
        ranges.Count == 0 ? null : string.Join('\n', ranges.Select(r => r.ToString()));

    public static bool Allows(IReadOnlyList<IPNetwork> ranges, IPAddress? address)
    {
        if (ranges.Count == 0) return true;
        if (address is null) return false;
        // A dual-stack socket reports an IPv4 client as ::ffff:a.b.c.d.
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return ranges.Any(r => r.Contains(address));
    }

    private static string Shorten(string text) => text.Length > 60 ? text[..60] + "…" : text;
}
