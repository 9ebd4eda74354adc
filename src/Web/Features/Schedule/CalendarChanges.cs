using System.Globalization;
using System.Text.Json;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Features.Authoring;
using GraderHub.Web.Features.Scoring;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Schedule;

// The override form: whom it is for ("student:<id>" or "group:<id>"), the fields to change
// (blank keeps the set's, or for a student the group's) and why.
public sealed class OverrideForm
{
    public string? Target { get; set; }
    public string? OpensAt { get; set; }
    public string? DueAt { get; set; }
    public string? HardCloseAt { get; set; }
    public string? MaxAttempts { get; set; }
    public string? LatePenaltyPercent { get; set; }
    public string? TimeLimitMinutes { get; set; }
    public string? Reason { get; set; }
}

// What staff change on a course's calendar: overrides, accommodation groups, results release.
// Each change and its audit entry (who, when, what, why) are saved together.
public sealed class CalendarChanges(GraderHubDbContext db, TimeProvider clock)
{
    public const int ReasonMaxLength = 2000;

    // Errors by field; empty when saved. A second override for the same student or group
    // replaces the first (the audit log keeps both).
    public async Task<Dictionary<string, string>> SaveOverrideAsync(int setId, string byUserId, OverrideForm form, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var courseId = await db.ProblemSets.Where(s => s.Id == setId).Select(s => s.CourseId).SingleAsync(ct);
        var (userId, groupId) = await TargetAsync(courseId, form.Target, ct);
        if (userId is null && groupId is null) errors[nameof(form.Target)] = "Choose a student or a group of this course.";
        var opens = SetForm.ParseDate(form.OpensAt, nameof(form.OpensAt), errors);
        var due = SetForm.ParseDate(form.DueAt, nameof(form.DueAt), errors);
        var close = SetForm.ParseDate(form.HardCloseAt, nameof(form.HardCloseAt), errors);
        if (due is { } d && close is { } c && c < d) errors[nameof(form.HardCloseAt)] = "The hard close is before the due date.";
        int? max = null;
        if (!string.IsNullOrWhiteSpace(form.MaxAttempts))
        {
            if (int.TryParse(form.MaxAttempts.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var m) && m is >= 1 and <= 1000) max = m;
            else errors[nameof(form.MaxAttempts)] = "Attempts per problem: a whole number from 1 to 1000, or blank to keep the set's.";
        }
        double? perDay = null;
        if (!string.IsNullOrWhiteSpace(form.LatePenaltyPercent))
        {
            if (double.TryParse(form.LatePenaltyPercent.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && p is >= 0 and <= 100) perDay = p / 100;
            else errors[nameof(form.LatePenaltyPercent)] = "The penalty is a percentage from 0 to 100 (use a dot for decimals).";
        }
        var limit = SetForm.ParseMinutes(form.TimeLimitMinutes, nameof(form.TimeLimitMinutes), errors);
        var reason = form.Reason?.Trim() ?? "";
        if (reason.Length == 0) errors[nameof(form.Reason)] = "A reason is required: other staff will ask why.";
        else if (reason.Length > ReasonMaxLength) errors[nameof(form.Reason)] = $"Keep the reason under {ReasonMaxLength} characters.";
        if (errors.Count == 0 && opens is null && due is null && close is null && max is null && perDay is null && limit is null)
            errors[nameof(form.DueAt)] = "Change at least one date, limit or policy.";
        if (errors.Count > 0) return errors;

        var now = clock.GetUtcNow();
        var existing = await db.ScheduleOverrides.SingleOrDefaultAsync(o => o.ProblemSetId == setId
            && (userId != null ? o.UserId == userId : o.StudentGroupId == groupId), ct);
        var old = existing is null ? null : Describe(existing);
        var row = existing ?? new ScheduleOverride { ProblemSetId = setId, UserId = userId, StudentGroupId = groupId, Reason = reason, ByUserId = byUserId };
        row.OpensAt = opens;
        row.DueAt = due;
        row.HardCloseAt = close;
        row.MaxAttempts = max;
        row.LatePenaltyPerDay = perDay;
        row.TimeLimitMinutes = limit;
        row.Reason = reason;
        row.ByUserId = byUserId;
        row.CreatedAt = now;
        if (existing is null) db.ScheduleOverrides.Add(row);
        Audit(now, byUserId, "schedule.override", setId, new { old, @new = Describe(row), reason, studentId = userId, groupId });
        await SaveWithScoresAsync(setId, userId, groupId, ct);
        return errors;
    }

    public async Task<string?> RemoveOverrideAsync(int setId, int overrideId, string byUserId, string? reason, CancellationToken ct)
    {
        var row = await db.ScheduleOverrides.SingleOrDefaultAsync(o => o.Id == overrideId && o.ProblemSetId == setId, ct);
        if (row is null) return "That override no longer exists.";
        if (string.IsNullOrWhiteSpace(reason)) return "A reason is required to remove an override.";
        db.ScheduleOverrides.Remove(row);
        Audit(clock.GetUtcNow(), byUserId, "schedule.override_removed", setId,
            new { old = Describe(row), reason = reason.Trim(), studentId = row.UserId, groupId = row.StudentGroupId });
        await SaveWithScoresAsync(setId, row.UserId, row.StudentGroupId, ct);
        return null;
    }

    // An exam's results to everyone (userId null) or one student; releasing twice changes nothing.
    public async Task<string?> ReleaseAsync(int setId, string? userId, string byUserId, CancellationToken ct)
    {
        var set = await db.ProblemSets.SingleAsync(s => s.Id == setId, ct);
        if (!set.IsExam) return "Only an exam's results are held back; this set's are already shown.";
        var now = clock.GetUtcNow();
        if (string.IsNullOrEmpty(userId))
        {
            set.ResultsReleasedAt ??= now;
        }
        else
        {
            if (!await db.Enrollments.AnyAsync(e => e.CourseId == set.CourseId && e.UserId == userId && e.Role == CourseRole.Student, ct))
                return "Choose a student of this course.";
            if (!await db.ResultReleases.AnyAsync(r => r.ProblemSetId == setId && r.UserId == userId, ct))
                db.ResultReleases.Add(new ResultRelease { ProblemSetId = setId, UserId = userId, ByUserId = byUserId, ReleasedAt = now });
        }
        Audit(now, byUserId, "results.release", setId, new { studentId = userId, everyone = string.IsNullOrEmpty(userId) });
        await db.SaveChangesAsync(ct);
        return null;
    }

    public async Task<string?> SaveGroupAsync(int courseId, string? name, string? extraTimePercent, string byUserId, CancellationToken ct)
    {
        name = name?.Trim() ?? "";
        if (name.Length is 0 or > 200) return "Give the group a name of at most 200 characters.";
        if (!int.TryParse(extraTimePercent?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var extra) || extra is < 0 or > 400)
            return "Extra time is a whole percentage from 0 to 400 (50 = half as long again).";
        var now = clock.GetUtcNow();
        var group = await db.StudentGroups.SingleOrDefaultAsync(g => g.CourseId == courseId && g.Name == name, ct);
        if (group is null) db.StudentGroups.Add(group = new StudentGroup { CourseId = courseId, Name = name, CreatedAt = now });
        var old = group.ExtraTimePercent;
        group.ExtraTimePercent = extra;
        await db.SaveChangesAsync(ct);
        Audit(now, byUserId, "group.saved", null, new { groupId = group.Id, courseId, name, oldExtraTimePercent = old, extraTimePercent = extra });
        await SaveWithScoresAsync(null, null, group.Id, ct);
        return null;
    }

    public async Task<string?> AddMemberAsync(int courseId, int groupId, string? email, string byUserId, CancellationToken ct)
    {
        if (!await db.StudentGroups.AnyAsync(g => g.Id == groupId && g.CourseId == courseId, ct)) return "Choose a group of this course.";
        var normalized = email?.Trim().ToUpperInvariant() ?? "";
        var userId = await db.Enrollments.Where(e => e.CourseId == courseId && e.Role == CourseRole.Student && e.User.NormalizedEmail == normalized)
            .Select(e => e.UserId).SingleOrDefaultAsync(ct);
        if (userId is null) return "No student of this course has that e-mail address.";
        if (!await db.StudentGroupMembers.AnyAsync(m => m.StudentGroupId == groupId && m.UserId == userId, ct))
            db.StudentGroupMembers.Add(new StudentGroupMember { StudentGroupId = groupId, UserId = userId });
        Audit(clock.GetUtcNow(), byUserId, "group.member_added", null, new { groupId, courseId, studentId = userId });
        await SaveWithScoresAsync(null, null, groupId, ct);
        return null;
    }

    // The change and the gradebook rows it re-prices (Scoring/ProblemScores) in one transaction: a
    // student's override re-prices their rows of the set, a group's its members' (of the set, or
    // of every set of the course when the group itself or its members changed).
    private async Task SaveWithScoresAsync(int? setId, string? userId, int? groupId, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        if (setId is { } set && userId is not null) await ProblemScores.RefreshSetAsync(db, set, [userId], ct);
        else if (setId is { } groupSet && groupId is { } g)
            await ProblemScores.RefreshSetAsync(db, groupSet,
                await db.StudentGroupMembers.Where(m => m.StudentGroupId == g).Select(m => m.UserId).ToListAsync(ct), ct);
        else if (groupId is { } changedGroup) await ProblemScores.RefreshGroupAsync(db, changedGroup, ct);
        await tx.CommitAsync(ct);
    }

    private async Task<(string? UserId, int? GroupId)> TargetAsync(int courseId, string? target, CancellationToken ct)
    {
        var parts = (target ?? "").Split(':', 2);
        if (parts is ["student", var id] && await db.Enrollments.AnyAsync(e => e.CourseId == courseId && e.UserId == id && e.Role == CourseRole.Student, ct))
            return (id, null);
        if (parts is ["group", var g] && int.TryParse(g, NumberStyles.None, CultureInfo.InvariantCulture, out var groupId)
            && await db.StudentGroups.AnyAsync(x => x.Id == groupId && x.CourseId == courseId, ct))
            return (null, groupId);
        return (null, null);
    }

    private static object Describe(ScheduleOverride o) => new
    {
        o.OpensAt, o.DueAt, o.HardCloseAt, o.MaxAttempts, o.LatePenaltyPerDay, o.TimeLimitMinutes, o.Reason, o.ByUserId,
    };

    private void Audit(DateTimeOffset at, string byUserId, string action, int? setId, object details) =>
        db.AuditLog.Add(new AuditLogEntry
        {
            At = at, UserId = byUserId, Action = action,
            EntityType = setId is null ? nameof(StudentGroup) : nameof(ProblemSet),
            EntityId = setId?.ToString(CultureInfo.InvariantCulture) ?? "",
            Details = JsonSerializer.Serialize(details),
        });
}
