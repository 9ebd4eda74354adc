using System.Globalization;
using System.Text.RegularExpressions;
using GraderHub.Data.Entities;

namespace GraderHub.Web.Features.Authoring;

// The problem-set settings form. Dates are typed as text in UTC ("2026-11-30 23:59") and parsed
// here, so a bad date is a message next to its field rather than a model-binding surprise.
public sealed partial class SetForm
{
    public const string DateFormat = "yyyy-MM-dd HH:mm";
    private static readonly string[] DateFormats = [DateFormat, "yyyy-MM-ddTHH:mm", "yyyy-MM-dd"];

    public string? Key { get; set; }
    public string? Title { get; set; }
    public string? Week { get; set; }
    public string? Summary { get; set; }
    public string? OpensAt { get; set; }
    public string? DueAt { get; set; }
    public string? HardCloseAt { get; set; }
    // Percent of the score lost per started day late (the entity stores a fraction).
    public string? LatePenaltyPercent { get; set; }
    // Blank: unlimited.
    public string? MaxAttempts { get; set; }
    // Minutes from each student's start; blank: not timed.
    public string? TimeLimitMinutes { get; set; }
    // Checkbox: results hidden from students until released.
    public bool IsExam { get; set; }
    // An exam's access code: typed to set a new one; blank keeps the current one (the form never
    // shows it: only its hash is stored). RemoveAccessCode clears it.
    public string? AccessCode { get; set; }
    public bool RemoveAccessCode { get; set; }
    public bool HasAccessCode { get; set; }
    // CIDR ranges an exam is taken from, one a line; blank: anywhere.
    public string? AllowedNetworks { get; set; }
    // When students may read solutions: after_due, after_attempts or never (SolutionRelease).
    public string? SolutionRelease { get; set; }

    public static readonly IReadOnlyList<(string Value, string Label)> SolutionReleases =
    [
        ("after_due", "After the due date"),
        ("after_attempts", "After the due date, or once a student has used all attempts"),
        ("never", "Never"),
    ];

    public static SetForm From(ProblemSet s) => new()
    {
        Key = s.Key, Title = s.Title, Week = s.Week.ToString(CultureInfo.InvariantCulture), Summary = s.Summary,
        OpensAt = Format(s.OpensAt), DueAt = Format(s.DueAt), HardCloseAt = Format(s.HardCloseAt),
        LatePenaltyPercent = (s.LatePenaltyPerDay * 100).ToString("0.##", CultureInfo.InvariantCulture),
        MaxAttempts = s.MaxAttempts?.ToString(CultureInfo.InvariantCulture),
        TimeLimitMinutes = s.TimeLimitMinutes?.ToString(CultureInfo.InvariantCulture),
        IsExam = s.IsExam,
        HasAccessCode = s.AccessCodeHash is not null,
        AllowedNetworks = s.AllowedNetworks,
        SolutionRelease = ReleaseName(s.SolutionRelease),
    };

    public static string ReleaseName(SolutionRelease release) => release switch
    {
        Data.Entities.SolutionRelease.AfterDue => "after_due",
        Data.Entities.SolutionRelease.AfterAttempts => "after_attempts",
        Data.Entities.SolutionRelease.Never => "never",
    };

    public static string? Format(DateTimeOffset? at) => at?.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);

    // Validates and copies into the entity; returns the errors by field (nothing copied if any).
    public Dictionary<string, string> ApplyTo(ProblemSet set, bool isNew)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var key = Key?.Trim() ?? "";
        if (isNew && !KeyPattern().IsMatch(key))
            errors[nameof(Key)] = "The key is 1-100 lower-case letters, digits and dashes, e.g. week-7.";
        var title = Title?.Trim() ?? "";
        if (title.Length is 0 or > 200) errors[nameof(Title)] = "Give a title of at most 200 characters.";
        if (!int.TryParse(Week, NumberStyles.Integer, CultureInfo.InvariantCulture, out var week) || week is < 0 or > 99)
            errors[nameof(Week)] = "The week is a whole number from 0 to 99.";
        var opens = ParseDate(OpensAt, nameof(OpensAt), errors);
        var due = ParseDate(DueAt, nameof(DueAt), errors);
        var close = ParseDate(HardCloseAt, nameof(HardCloseAt), errors);
        if (opens is { } o && due is { } d && d < o) errors[nameof(DueAt)] = "The due date is before the set opens.";
        if (due is { } d2 && close is { } c && c < d2) errors[nameof(HardCloseAt)] = "The hard close is before the due date.";
        if (due is null && close is null && !string.IsNullOrWhiteSpace(LatePenaltyPercent) && LatePenaltyPercent.Trim() != "0")
            errors[nameof(LatePenaltyPercent)] = "A late penalty needs a due date.";
        double penalty = 0;
        if (!string.IsNullOrWhiteSpace(LatePenaltyPercent)
            && (!double.TryParse(LatePenaltyPercent, NumberStyles.Float, CultureInfo.InvariantCulture, out penalty) || penalty is < 0 or > 100))
            errors[nameof(LatePenaltyPercent)] = "The penalty is a percentage from 0 to 100 (use a dot for decimals).";
        int? max = null;
        if (!string.IsNullOrWhiteSpace(MaxAttempts))
        {
            if (int.TryParse(MaxAttempts, NumberStyles.Integer, CultureInfo.InvariantCulture, out var m) && m is >= 1 and <= 1000) max = m;
            else errors[nameof(MaxAttempts)] = "Attempts per problem: a whole number from 1 to 1000, or blank for unlimited.";
        }
        var limit = ParseMinutes(TimeLimitMinutes, nameof(TimeLimitMinutes), errors);
        string? code = null;
        if (!string.IsNullOrWhiteSpace(AccessCode) && !RemoveAccessCode)
        {
            code = Exam.AccessCode.Validate(AccessCode, out var codeError);
            if (codeError is not null) errors[nameof(AccessCode)] = codeError;
            else if (!IsExam) errors[nameof(AccessCode)] = "An access code is for an exam: tick \"Exam\" too.";
        }
        var networks = Exam.Networks.Read(AllowedNetworks, out var networkError);
        if (networkError is not null) errors[nameof(AllowedNetworks)] = networkError;
        else if (networks is { Count: > 0 } && !IsExam) errors[nameof(AllowedNetworks)] = "Network ranges are for an exam: tick \"Exam\" too.";
        // Blank keeps what the set has (forms and imports written before the setting existed).
        var release = set.SolutionRelease;
        if (!string.IsNullOrWhiteSpace(SolutionRelease))
        {
            var chosen = Enum.GetValues<SolutionRelease>().Where(r => ReleaseName(r) == SolutionRelease.Trim()).ToList();
            if (chosen.Count == 1) release = chosen[0];
            else errors[nameof(SolutionRelease)] = "Choose when solutions are shown: after the due date, after attempts run out, or never.";
        }
        if (errors.Count > 0) return errors;

        if (isNew) set.Key = key;
        set.Title = title;
        set.Week = week;
        set.Summary = Summary?.Trim() ?? "";
        set.OpensAt = opens;
        set.DueAt = due;
        set.HardCloseAt = close;
        set.LatePenaltyPerDay = penalty / 100;
        set.MaxAttempts = max;
        set.TimeLimitMinutes = limit;
        set.IsExam = IsExam;
        if (RemoveAccessCode || !IsExam) set.AccessCodeHash = null;
        else if (code is not null) set.AccessCodeHash = Exam.AccessCode.Hash(code);
        set.AllowedNetworks = IsExam ? Exam.Networks.Format(networks!) : null;
        set.SolutionRelease = release;
        return errors;
    }

    // A time limit in whole minutes, 1 to a week; blank: none. Shared with the calendar's overrides.
    public static int? ParseMinutes(string? text, string field, Dictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var m) && m is >= 1 and <= 10080) return m;
        errors[field] = "The time limit is a whole number of minutes from 1 to 10080, or blank for none.";
        return null;
    }

    public static DateTimeOffset? ParseDate(string? text, string field, Dictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateTime.TryParseExact(text.Trim(), DateFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at))
            return new DateTimeOffset(at, TimeSpan.Zero);
        errors[field] = $"Write the date as {DateFormat} (UTC), e.g. 2026-11-30 23:59.";
        return null;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,99}$")]
    private static partial Regex KeyPattern();
}
