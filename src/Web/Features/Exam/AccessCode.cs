using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GraderHub.Web.Features.Exam;

// An exam's access code, kept as a salted PBKDF2 hash ("pbkdf2-sha256$iterations$salt$hash"),
// so the database, the set editor and an export never hold the code itself; a typed code is
// compared in constant time. The code is for a room of students told it at the start, not a
// password: the start throttle (ExamEntry) is what stops guessing.
public static class AccessCode
{
    public const int MaxLength = 100;
    private const int Iterations = 50_000;
    private const string Scheme = "pbkdf2-sha256";

    // The code as staff type it, trimmed; null and an error for a bad one.
    public static string? Validate(string? code, out string? error)
    {
        error = null;
        var trimmed = code?.Trim() ?? "";
        if (trimmed.Length is >= 4 and <= MaxLength) return trimmed;
        error = $"The access code is 4 to {MaxLength} characters.";
        return null;
    }

    public static string Hash(string code)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Derive(code, salt, Iterations);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    public static bool Matches(string? stored, string? typed)
    {
        if (stored is null || typed is null) return false;
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations is < 1 or > 10_000_000)
            return false;
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Derive(typed.Trim(), Convert.FromBase64String(parts[2]), iterations);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    private static byte[] Derive(string code, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(code.Length > MaxLength ? code[..MaxLength] : code), salt, iterations, HashAlgorithmName.SHA256, 32);
}
