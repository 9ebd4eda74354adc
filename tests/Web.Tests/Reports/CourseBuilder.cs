using GraderHub.Grading.Answers;
using GraderHub.Data.Entities;
using GraderHub.Grading.Problems;
using GraderHub.Web.Features.Scoring;
using GraderHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Tests.Reports;

// A course of its own per test (its own students, sets and submissions), so report numbers
// never depend on what other tests add to the seeded course. Submissions are stored already
// graded: the numbers under test are the report's, not the engine's. Written around the
// application's writers, so each write also refreshes the gradebook rows it moves, as those
// writers do (Scoring/ProblemScores).
public sealed class CourseBuilder(WebHostFixture host)
{
    private string? _hint;

    public int CourseId { get; private set; }

    // Problems of later sets get this hint (free: no penalty).
    public CourseBuilder WithHint(string hint) { _hint = hint; return this; }

    public async Task<CourseBuilder> SaveAsync()
    {
        var code = "T-" + Guid.NewGuid().ToString("N")[..10];
        CourseId = await host.WithDbAsync(async db =>
        {
            var course = new Course { Code = code, Title = "Course " + code, CreatedAt = DateTimeOffset.UtcNow };
            db.Courses.Add(course);
            await db.SaveChangesAsync();
            return course.Id;
        });
        return this;
    }

    public Task EnrollAsync(string userId, CourseRole role) => EnrollAsync(host, CourseId, userId, role);

    public static Task EnrollAsync(WebHostFixture host, int courseId, string userId, CourseRole role) =>
        host.WithDbAsync(async db =>
        {
            db.Enrollments.Add(new Enrollment { CourseId = courseId, UserId = userId, Role = role, CreatedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });

    public static Task EnrollInCourseOfSetAsync(WebHostFixture host, int setId, string userId, CourseRole role) =>
        host.WithDbAsync(async db =>
        {
            var courseId = await db.ProblemSets.Where(s => s.Id == setId).Select(s => s.CourseId).SingleAsync();
            db.Enrollments.Add(new Enrollment { CourseId = courseId, UserId = userId, Role = role, CreatedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });

    // A student enrolled in this course, with a display name the test can find on the page.
    public async Task<TestUser> StudentAsync(string name)
    {
        var user = await host.CreateUserAsync(Roles.Student);
        await host.WithDbAsync(async db =>
        {
            (await db.Users.FindAsync(user.Id))!.DisplayName = name;
            return await db.SaveChangesAsync();
        });
        await EnrollAsync(user.Id, CourseRole.Student);
        return user;
    }

    public async Task<TestUser> StaffAsync(CourseRole role = CourseRole.TA)
    {
        var user = await host.CreateUserAsync(role == CourseRole.Instructor ? Roles.Instructor : Roles.TA);
        await EnrollAsync(user.Id, role);
        return user;
    }

    // A set's settings changed directly (what the set editor's form is tested for elsewhere).
    public Task UpdateSetAsync(int setId, Action<ProblemSet> change) => host.WithDbAsync(async db =>
    {
        change(await db.ProblemSets.SingleAsync(s => s.Id == setId));
        return await db.SaveChangesAsync();
    });

    // A set with the given problems (key, points), all graded as d/dx sin(x^2).
    public Task<(int SetId, int[] ProblemIds)> SetAsync(int week, DateTimeOffset? dueAt, double latePenaltyPerDay,
        params (string Key, int Points)[] problems) =>
        host.WithDbAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            var entities = problems.Select((p, i) =>
            {
                var spec = ProblemSetBuilder.SpecYaml(p.Key, "sin(x^2)").Replace("points: 2", $"points: {p.Points}", StringComparison.Ordinal)
                    + (_hint is null ? "" : $"\nhint: \"{_hint}\"\n");
                return new Problem
                {
                    Key = p.Key, Position = i + 1, Title = "Problem " + p.Key, Kind = "derivative", Points = p.Points,
                    SpecYaml = spec, Version = 1, UpdatedAt = now,
                    Versions = [new ProblemVersion { Version = 1, SpecYaml = spec, CreatedAt = now }],
                };
            }).ToList();
            var set = new ProblemSet
            {
                CourseId = CourseId, Key = $"w{week}-" + Guid.NewGuid().ToString("N")[..8], Title = $"Week {week}", Week = week,
                IsPublished = true, DueAt = dueAt, LatePenaltyPerDay = latePenaltyPerDay, CreatedAt = now, UpdatedAt = now,
                Problems = entities,
            };
            db.ProblemSets.Add(set);
            await db.SaveChangesAsync();
            return (set.Id, entities.Select(p => p.Id).ToArray());
        });

    public Task<long> SubmissionAsync(int problemId, TestUser student, int attempt, DateTimeOffset at, double score,
        string answer = "2x cos(x^2)", Verdict? verdict = null, SubmissionStatus status = SubmissionStatus.Graded, string? diagnosis = null) =>
        SubmissionAsync(host, problemId, student.Id, attempt, at, score, answer, verdict, status, diagnosis);

    public static Task<long> SubmissionAsync(WebHostFixture host, int problemId, string userId, int attempt, DateTimeOffset at,
        double score, string answer = "2x cos(x^2)", Verdict? verdict = null, SubmissionStatus status = SubmissionStatus.Graded,
        string? diagnosis = null) =>
        host.WithDbAsync(async db =>
        {
            var s = new Submission
            {
                ProblemId = problemId, UserId = userId, AnswerText = answer, VariantSeed = 1, ProblemVersion = 1,
                AttemptNumber = attempt, Status = status, SubmittedAt = at,
            };
            if (status == SubmissionStatus.Graded)
                s.RecordGrade(new GradeResult(EngineVerdict(verdict ?? (score >= 1 ? Verdict.Correct : score > 0 ? Verdict.PartiallyCorrect : Verdict.Incorrect)),
                    score, "feedback " + answer, null)
                { Diagnosis = diagnosis }, "test", 1, at.AddSeconds(1));
            db.Submissions.Add(s);
            await db.SaveChangesAsync();
            await ProblemScores.RefreshForSubmissionsAsync(db, [s.Id], default);
            return s.Id;
        });

    // The student's hint reveal of a problem, with the penalty in force then.
    public Task HintRevealAsync(int problemId, TestUser student, DateTimeOffset at, double penalty) =>
        host.WithDbAsync(async db =>
        {
            db.HintReveals.Add(new HintReveal { ProblemId = problemId, UserId = student.Id, RevealedAt = at, Penalty = penalty });
            await db.SaveChangesAsync();
            var setId = await db.Problems.Where(p => p.Id == problemId).Select(p => p.ProblemSetId).SingleAsync();
            await ProblemScores.RefreshSetAsync(db, setId, [student.Id], default);
            return 1;
        });

    private static GradeVerdict EngineVerdict(Verdict v) => v switch
    {
        Verdict.Correct => GradeVerdict.Correct,
        Verdict.PartiallyCorrect => GradeVerdict.PartiallyCorrect,
        Verdict.Incorrect => GradeVerdict.Incorrect,
        Verdict.Undetermined => GradeVerdict.Undetermined,
        Verdict.Invalid => GradeVerdict.Invalid,
    };

    // The student's own dates for a set (an extension: a later due date, perhaps another penalty).
    public Task ExtensionAsync(int setId, TestUser student, string byUserId, DateTimeOffset? dueAt, double? perDay = null) =>
        host.WithDbAsync(async db =>
        {
            db.ScheduleOverrides.Add(new ScheduleOverride
            {
                ProblemSetId = setId, UserId = student.Id, DueAt = dueAt, LatePenaltyPerDay = perDay, Reason = "test",
                ByUserId = byUserId, CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
            await ProblemScores.RefreshSetAsync(db, setId, [student.Id], default);
            return 1;
        });

    // A group of the course with its own due date for a set, and its members.
    public Task GroupDueDateAsync(int setId, DateTimeOffset dueAt, string byUserId, params TestUser[] members) =>
        host.WithDbAsync(async db =>
        {
            var group = new StudentGroup { CourseId = CourseId, Name = "group " + Guid.NewGuid().ToString("N")[..6], CreatedAt = DateTimeOffset.UtcNow };
            group.Members.AddRange(members.Select(m => new StudentGroupMember { UserId = m.Id }));
            db.StudentGroups.Add(group);
            db.ScheduleOverrides.Add(new ScheduleOverride
            {
                ProblemSetId = setId, Group = group, DueAt = dueAt, Reason = "test", ByUserId = byUserId, CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
            await ProblemScores.RefreshSetAsync(db, setId, members.Select(m => m.Id).ToList(), default);
            return 1;
        });

    public Task OverrideAsync(long submissionId, string byUserId, double newScore, DateTimeOffset at, string reason = "test") =>
        host.WithDbAsync(async db =>
        {
            db.GradeOverrides.Add(new GradeOverride
            {
                SubmissionId = submissionId, ByUserId = byUserId, Reason = reason, NewScore = newScore, CreatedAt = at,
            });
            await db.SaveChangesAsync();
            await ProblemScores.RefreshForSubmissionsAsync(db, [submissionId], default);
            return 1;
        });
}
