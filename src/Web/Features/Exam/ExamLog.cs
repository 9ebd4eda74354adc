using System.Globalization;
using CsvHelper;
using GraderHub.Web.Infrastructure;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Schedule;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Exam;

public enum ExamLogKind { Started, Answer, FocusLost, FocusRegained, WrongAccessCode, OutsideNetwork, Finished, TimeUp }

// One line of a student's exam log. SubmissionId and Problem for an answer; Address for a refused start.
public sealed record ExamLogEntry(DateTimeOffset At, ExamLogKind Kind, long? SubmissionId, string? Problem, string? Address)
{
    public string Text => Kind switch
    {
        ExamLogKind.Started => "Started",
        ExamLogKind.Answer => $"Answered {Problem} (submission {SubmissionId})",
        ExamLogKind.FocusLost => "Left the exam page (focus lost)",
        ExamLogKind.FocusRegained => "Came back to the exam page",
        ExamLogKind.WrongAccessCode => $"Wrong access code from {Address}",
        ExamLogKind.OutsideNetwork => $"Refused: outside the exam's networks ({Address})",
        ExamLogKind.Finished => "Finished (pressed Finish)",
        ExamLogKind.TimeUp => "Time up",
    };

    public static string Name(ExamLogKind kind) => kind switch
    {
        ExamLogKind.Started => "started",
        ExamLogKind.Answer => "answer",
        ExamLogKind.FocusLost => "focus_lost",
        ExamLogKind.FocusRegained => "focus_regained",
        ExamLogKind.WrongAccessCode => "wrong_access_code",
        ExamLogKind.OutsideNetwork => "outside_network",
        ExamLogKind.Finished => "finished",
        ExamLogKind.TimeUp => "time_up",
    };
}

public sealed record ExamLogStudent(string UserId, string Name, string Email, IReadOnlyList<ExamLogEntry> Entries);

// A student's exam log for staff, assembled from where each fact already lives: the start and
// the finish (TimedStart), the answers (Submission), time up (EffectiveSchedule's end of time),
// and the browser's focus reports and refused starts (ExamEvent).
public sealed class ExamLog(GraderHubDbContext db, TimeProvider clock)
{
    // userId null: every student of the course with something in the log.
    public async Task<IReadOnlyList<ExamLogStudent>> ForSetAsync(int setId, string? userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var schedules = await Schedules.ForSetAsync(db, setId, ct);
        if (schedules is null) return [];
        var courseId = schedules.Default.CourseId;
        var students = db.Enrollments.AsNoTracking().Where(e => e.CourseId == courseId && e.Role == CourseRole.Student);
        if (userId is not null) students = students.Where(e => e.UserId == userId);
        var people = await students.OrderBy(e => e.User.DisplayName).ThenBy(e => e.UserId)
            .Select(e => new { e.UserId, e.User.DisplayName, Email = e.User.Email ?? "" }).ToListAsync(ct);
        var ids = people.Select(p => p.UserId).ToList();

        var starts = await db.TimedStarts.AsNoTracking().Where(t => t.ProblemSetId == setId && ids.Contains(t.UserId))
            .Select(t => new { t.UserId, t.StartedAt, t.FinishedAt }).ToListAsync(ct);
        var answers = await db.Submissions.AsNoTracking().Where(s => s.Problem.ProblemSetId == setId && ids.Contains(s.UserId))
            .Select(s => new { s.UserId, s.Id, s.SubmittedAt, s.Problem.Title }).ToListAsync(ct);
        var events = await db.ExamEvents.AsNoTracking().Where(e => e.ProblemSetId == setId && ids.Contains(e.UserId))
            .Select(e => new { e.UserId, e.Kind, e.At, e.Address }).ToListAsync(ct);

        var entries = starts.SelectMany(t => Start(t.UserId, t.StartedAt, t.FinishedAt, schedules.For(t.UserId), now))
            .Concat(answers.Select(a => (a.UserId, Entry: new ExamLogEntry(a.SubmittedAt, ExamLogKind.Answer, a.Id, a.Title, null))))
            .Concat(events.Select(e => (e.UserId, Entry: new ExamLogEntry(e.At, Kind(e.Kind), null, null, e.Address))))
            .ToLookup(x => x.UserId, x => x.Entry, StringComparer.Ordinal);
        return people
            .Select(p => new ExamLogStudent(p.UserId, p.DisplayName, p.Email,
                entries[p.UserId].OrderBy(e => e.At).ThenBy(e => e.Kind).ToList()))
            .Where(s => userId is not null || s.Entries.Count > 0)
            .ToList();
    }

    public static byte[] Csv(IReadOnlyList<ExamLogStudent> students)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = Spreadsheet.Writer(text))
        {
            csv.WriteRecord(["email", "name", "at_utc", "event", "submission_id", "problem", "address"]);
            foreach (var s in students)
                foreach (var e in s.Entries)
                    csv.WriteRecord([s.Email, s.Name, EffectiveSchedule.Format(e.At), ExamLogEntry.Name(e.Kind),
                        e.SubmissionId?.ToString(CultureInfo.InvariantCulture) ?? "", e.Problem ?? "", e.Address ?? ""]);
        }
        return System.Text.Encoding.UTF8.GetBytes(text.ToString());
    }

    private static IEnumerable<(string UserId, ExamLogEntry Entry)> Start(string userId, DateTimeOffset started, DateTimeOffset? finished,
        EffectiveSchedule schedule, DateTimeOffset now)
    {
        yield return (userId, new ExamLogEntry(started, ExamLogKind.Started, null, null, null));
        if (finished is { } f && schedule.TimeEndsAt == f)
            yield return (userId, new ExamLogEntry(f, ExamLogKind.Finished, null, null, null));
        else if (schedule.TimeEndsAt is { } end && now > end)
            yield return (userId, new ExamLogEntry(end, ExamLogKind.TimeUp, null, null, null));
    }

    private static ExamLogKind Kind(ExamEventKind kind) => kind switch
    {
        ExamEventKind.FocusLost => ExamLogKind.FocusLost,
        ExamEventKind.FocusRegained => ExamLogKind.FocusRegained,
        ExamEventKind.WrongAccessCode => ExamLogKind.WrongAccessCode,
        ExamEventKind.OutsideNetwork => ExamLogKind.OutsideNetwork,
    };
}
