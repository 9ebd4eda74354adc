using GraderHub.Data.Entities;
using GraderHub.Web.Features.Schedule;
using GraderHub.Web.Features.Scoring;
using GraderHub.Web.Tests.Infrastructure;
using GraderHub.Web.Tests.Reports;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Tests.Scoring;

// One submission per case, priced twice on the real SQLite database: in C# (ScorePolicy.Price over
// the loaded facts) and in SQL (ScorePolicy.PricedInSet). Both must give the hand-worked numbers.
// Hours are from the deadline D; Reveal is when the student revealed the hint (null: never).
public sealed record PriceCase(string Name, bool HasDueDate, double PerDay, double SubmittedHours, SubmissionStatus Status,
    double GraderScore, double? RevealHours, double HintPenalty, (double Score, string Reason)[] Overrides,
    double? Expected, double Late, double Hint)
{
    public override string ToString() => Name;
}

[Collection(WebCollection.Name)]
public sealed class ScorePolicyAgreementTests(WebHostFixture host)
{
    private static readonly DateTimeOffset Due = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);
    private const SubmissionStatus Graded = SubmissionStatus.Graded;

    public static TheoryData<PriceCase> Cases => new(
        new PriceCase("on time", true, 0.25, -1, Graded, 1, null, 0, [], 1, 1, 1),
        new PriceCase("at the deadline itself", true, 0.25, 0, Graded, 1, null, 0, [], 1, 1, 1),
        new PriceCase("a minute late is a started day", true, 0.25, 1.0 / 60, Graded, 1, null, 0, [], 0.75, 0.75, 1),
        new PriceCase("exactly one day late", true, 0.25, 24, Graded, 1, null, 0, [], 0.75, 0.75, 1),
        new PriceCase("25 hours late: two days", true, 0.25, 25, Graded, 1, null, 0, [], 0.5, 0.5, 1),
        new PriceCase("five days late: floored at 0", true, 0.25, 120, Graded, 1, null, 0, [], 0, 0, 1),
        new PriceCase("no deadline", false, 0.25, 1000, Graded, 1, null, 0, [], 1, 1, 1),
        new PriceCase("no late penalty", true, 0, 48, Graded, 1, null, 0, [], 1, 1, 1),
        new PriceCase("1/3 % a day, capped at 100 days", true, 0.003, 24 * 200, Graded, 1, null, 0, [], 0.7, 0.7, 1),
        new PriceCase("partial credit on time", true, 0.25, -2, Graded, 0.4, null, 0, [], 0.4, 1, 1),
        new PriceCase("hint revealed before the answer", true, 0.25, -1, Graded, 1, -2, 0.5, [], 0.5, 1, 0.5),
        new PriceCase("hint revealed at the answer's instant", true, 0.25, -1, Graded, 1, -1, 0.5, [], 0.5, 1, 0.5),
        new PriceCase("hint revealed after the answer", true, 0.25, -2, Graded, 1, -1, 0.5, [], 1, 1, 1),
        new PriceCase("free hint", true, 0.25, -1, Graded, 1, -2, 0, [], 1, 1, 1),
        new PriceCase("penalty over 100 % is clamped", true, 0.25, -1, Graded, 1, -2, 1.5, [], 0, 1, 0),
        new PriceCase("late, hinted and partly right", true, 0.25, 25, Graded, 0.5, -2, 0.2, [], 0.2, 0.5, 0.8),
        new PriceCase("an override wins over late and hint", true, 0.25, 120, Graded, 1, -2, 0.5, [(0.9, "typo in the statement")], 0.9, 0, 0.5),
        new PriceCase("the latest override counts", true, 0.25, -1, Graded, 0, null, 0, [(0.3, "first look"), (0.7, "second look")], 0.7, 1, 1),
        new PriceCase("an override of zero wins too", true, 0.25, -1, Graded, 1, null, 0, [(0, "copied")], 0, 1, 1),
        new PriceCase("queued: counts for nothing yet", true, 0.25, -1, SubmissionStatus.Queued, 1, null, 0, [], null, 1, 1),
        new PriceCase("failed, then overridden", true, 0.25, -1, SubmissionStatus.Failed, 0, null, 0, [(0.6, "graded by hand")], 0.6, 1, 1));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task CSharpAndSql_AgreeWithTheHandWorkedPrice(PriceCase c)
    {
        var course = await new CourseBuilder(host).SaveAsync();
        DateTimeOffset? dueAt = c.HasDueDate ? Due : null;
        var (setId, problems) = await course.SetAsync(1, dueAt, c.PerDay, ("p1", 2));
        var student = await course.StudentAsync("Student");
        var ta = await course.StaffAsync();
        var submittedAt = Due.AddHours(c.SubmittedHours);
        var id = await course.SubmissionAsync(problems[0], student, 1, submittedAt, c.GraderScore, status: c.Status);
        if (c.RevealHours is { } reveal) await course.HintRevealAsync(problems[0], student, Due.AddHours(reveal), c.HintPenalty);
        foreach (var (o, i) in c.Overrides.Select((o, i) => (o, i)))
            await course.OverrideAsync(id, ta.Id, o.Score, submittedAt.AddHours(1 + i), o.Reason);

        var (inCSharp, inSql) = await host.WithDbAsync(async db =>
        {
            var facts = await ScorePolicy.Facts(db, db.Submissions.Where(s => s.Id == id)).SingleAsync();
            var schedules = (await Schedules.ForSetAsync(db, setId, default))!;
            var priced = await ScorePolicy.PricedInSet(db, setId, schedules).SingleAsync(x => x.SubmissionId == id);
            return (ScorePolicy.Price(facts, schedules.For(student.Id)), priced);
        });

        AssertClose(c.Expected, inCSharp.Score, "C# score");
        AssertClose(c.Expected, inSql.Score, "SQL score");
        AssertClose(c.Late, inCSharp.LateFactor, "C# late factor");
        AssertClose(c.Late, inSql.LateFactor, "SQL late factor");
        AssertClose(c.Hint, inCSharp.HintFactor, "C# hint factor");
        AssertClose(c.Hint, inSql.HintFactor, "SQL hint factor");
        Assert.Equal(inCSharp.GraderScore, inSql.GraderScore);
        Assert.Equal(inCSharp.OverrideScore, inSql.OverrideScore);
        var reason = c.Overrides.Length == 0 ? null : c.Overrides[^1].Reason;
        Assert.Equal((reason, reason), (inCSharp.OverrideReason, inSql.OverrideReason));
    }

    // Of one student's submissions to a problem the best counts, the latest of equals: attempt 1
    // overridden to full marks and attempt 2 right on time tie, and attempt 2 (no override) counts.
    [Fact]
    public async Task Best_CSharpAndSql_PickTheSameSubmission()
    {
        var course = await new CourseBuilder(host).SaveAsync();
        var (setId, problems) = await course.SetAsync(1, Due, 0.25, ("p1", 2), ("p2", 3));
        var student = await course.StudentAsync("Student");
        var ta = await course.StaffAsync();
        var first = await course.SubmissionAsync(problems[0], student, 1, Due.AddHours(-3), 0);
        await course.OverrideAsync(first, ta.Id, 1, Due.AddHours(-2), "right idea");
        await course.SubmissionAsync(problems[0], student, 2, Due.AddHours(-1), 1);
        // p2: late full marks (0.75) beat an on-time half (0.5).
        await course.SubmissionAsync(problems[1], student, 1, Due.AddHours(-1), 0.5);
        await course.SubmissionAsync(problems[1], student, 2, Due.AddHours(2), 1);

        var (inCSharp, inSql) = await host.WithDbAsync(async db =>
        {
            var facts = await ScorePolicy.Facts(db, db.Submissions.Where(s => s.UserId == student.Id)).ToListAsync();
            var schedules = (await Schedules.ForSetAsync(db, setId, default))!;
            var cs = facts.GroupBy(f => f.ProblemId).ToDictionary(g => g.Key, g => ScorePolicy.Best(g.Select(f => (f.SubmissionId, ScorePolicy.Price(f, schedules.For(student.Id)))))!);
            var sql = await ScorePolicy.BestPerStudentAndProblem(ScorePolicy.PricedInSet(db, setId, schedules)).ToListAsync();
            return (cs, sql.Where(x => x.UserId == student.Id).ToDictionary(x => x.ProblemId, x => x.Parts));
        });

        Assert.Equal(inCSharp[problems[0]], inSql[problems[0]]);
        Assert.Equal(new ScoreParts(1, 1, 1, null, null), inSql[problems[0]]);
        Assert.Equal(inCSharp[problems[1]], inSql[problems[1]]);
        Assert.Equal(new ScoreParts(1, 0.75, 1, null, null), inSql[problems[1]]);
    }

    // The gradebooks' cheaper form (the best score only, pairs worth 0 left out) prices like Best:
    // p1 0 then 1 (1), p2 1 two days late (0.5), p3 only a 0 (absent), p4 a 0 overridden to 0.3.
    [Fact]
    public async Task BestScore_Sql_IsTheScoreOfBest()
    {
        var course = await new CourseBuilder(host).SaveAsync();
        var (setId, problems) = await course.SetAsync(1, Due, 0.25, ("p1", 1), ("p2", 1), ("p3", 1), ("p4", 1));
        var student = await course.StudentAsync("Student");
        var ta = await course.StaffAsync();
        await course.SubmissionAsync(problems[0], student, 1, Due.AddHours(-3), 0);
        await course.SubmissionAsync(problems[0], student, 2, Due.AddHours(-1), 1);
        await course.SubmissionAsync(problems[1], student, 1, Due.AddHours(30), 1);
        await course.SubmissionAsync(problems[2], student, 1, Due.AddHours(-1), 0);
        var zero = await course.SubmissionAsync(problems[3], student, 1, Due.AddHours(-1), 0);
        await course.OverrideAsync(zero, ta.Id, 0.3, Due, "partly right");

        var (inCSharp, inSql) = await host.WithDbAsync(async db =>
        {
            var facts = await ScorePolicy.Facts(db, db.Submissions.Where(s => s.UserId == student.Id)).ToListAsync();
            var schedules = (await Schedules.ForSetAsync(db, setId, default))!;
            var cs = facts.GroupBy(f => f.ProblemId).ToDictionary(g => g.Key, g => ScorePolicy.Best(g.Select(f => (f.SubmissionId, ScorePolicy.Price(f, schedules.For(student.Id)))))!.Score);
            var sql = await ScorePolicy.BestScorePerStudentAndProblem(db, setId, schedules).ToListAsync();
            return (cs, sql.Where(x => x.UserId == student.Id).ToDictionary(x => x.ProblemId, x => (double?)x.Score));
        });

        Assert.Equal(new double?[] { 1, 0.5, 0, 0.3 }, problems.Select(p => inCSharp[p]));
        Assert.Equal(new double?[] { 1, 0.5, null, 0.3 }, problems.Select(p => inSql.GetValueOrDefault(p)));
    }

    // Each student's own due date prices their answers, in both forms and in every SQL form the
    // reports use: the same answer 30 hours after the set's deadline is worth 0.5 to a student
    // without an extension, 1 to one extended by two days, 0.9 to one extended by a day at 10 %
    // a day, and 1 to a group's member whose group has three more days.
    [Fact]
    public async Task Extensions_CSharpAndSql_PriceByEachStudentsOwnDueDate()
    {
        var course = await new CourseBuilder(host).SaveAsync();
        var (setId, problems) = await course.SetAsync(1, Due, 0.25, ("p1", 1), ("p2", 1));
        var ta = await course.StaffAsync();
        var students = new[]
        {
            await course.StudentAsync("Plain"), await course.StudentAsync("Extended"),
            await course.StudentAsync("Other penalty"), await course.StudentAsync("Grouped"),
        };
        await course.ExtensionAsync(setId, students[1], ta.Id, Due.AddDays(2));
        await course.ExtensionAsync(setId, students[2], ta.Id, Due.AddDays(1), perDay: 0.1);
        await course.GroupDueDateAsync(setId, Due.AddDays(3), ta.Id, students[3]);
        foreach (var s in students)
        {
            await course.SubmissionAsync(problems[0], s, 1, Due.AddHours(30), 1);
            await course.SubmissionAsync(problems[1], s, 1, Due.AddHours(-1), 0.5);
        }

        var (inCSharp, inSql, bestOnly) = await host.WithDbAsync(async db =>
        {
            var ids = students.Select(s => s.Id).ToList();
            var facts = await ScorePolicy.Facts(db, db.Submissions.Where(s => ids.Contains(s.UserId))).ToListAsync();
            var schedules = (await Schedules.ForSetAsync(db, setId, default))!;
            var cs = facts.GroupBy(f => (f.UserId, f.ProblemId))
                .ToDictionary(g => g.Key, g => ScorePolicy.Best(g.Select(f => (f.SubmissionId, ScorePolicy.Price(f, schedules.For(f.UserId)))))!);
            var sql = (await ScorePolicy.BestPerStudentAndProblem(ScorePolicy.PricedInSet(db, setId, schedules)).ToListAsync())
                .ToDictionary(x => (x.UserId, x.ProblemId), x => x.Parts);
            var best = (await ScorePolicy.BestScorePerStudentAndProblem(db, setId, schedules).ToListAsync())
                .ToDictionary(x => (x.UserId, x.ProblemId), x => x.Score);
            return (cs, sql, best);
        });

        Assert.Equal(new double?[] { 0.5, 1, 0.9, 1 }, students.Select(s => inCSharp[(s.Id, problems[0])].Score));
        foreach (var s in students)
            foreach (var p in problems)
            {
                Assert.Equal(inCSharp[(s.Id, p)], inSql[(s.Id, p)]);
                Assert.Equal(inCSharp[(s.Id, p)].Score, bestOnly[(s.Id, p)]);
            }
    }

    private static void AssertClose(double? expected, double? actual, string what)
    {
        if (expected is null || actual is null) Assert.True(expected == actual, $"{what}: expected {expected}, got {actual}");
        else Assert.True(Math.Abs(expected.Value - actual.Value) < 1e-9, $"{what}: expected {expected}, got {actual}");
    }
}
