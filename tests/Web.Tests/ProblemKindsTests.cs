using GraderHub.Grading.Answers;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Grading.Problems;
using GraderHub.Web.Tests.Infrastructure;
using GraderHub.Web.Tests.Submissions;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Tests;

// Every problem kind end to end: authored as YAML, stored like the seed loader stores it, answered
// by a student through the submission API, graded by the job, and the stored grade checked.
// Parameters are fixed so the right and wrong answers are known by hand.
[Collection(WebCollection.Name)]
public sealed class ProblemKindsTests(WebHostFixture host)
{
    public static TheoryData<string, string, string, string> Kinds() => new()
    {
        { "partial_derivative", "function: \"x^2*y + y^3\"\nvariables: [x, y]\nwrt: y", "x^2 + 3y^2", "2xy" },
        { "gradient", "function: \"x^2*y + y^3\"\nvariables: [x, y]", "(2xy, x^2 + 3y^2)", "(2xy, x^2)" },
        { "jacobian", "components: [\"x^2 y\", \"x + sin(y)\"]\nvariables: [x, y]", "[[2xy, x^2], [1, cos(y)]]", "[[2xy, 1], [x^2, cos(y)]]" },
        { "hessian", "function: \"x^3 + x*y + y^2\"\nvariables: [x, y]\nat: { x: 1, y: 0 }", "[[6, 1], [1, 2]]", "[[3, 1], [1, 2]]" },
        { "taylor", "function: \"exp(x)\"\nvariables: [x]\nat: { x: 0 }\norder: 2", "1 + x + x^2/2", "1 + x" },
        { "linearisation", "function: \"x^2 + x*y\"\nvariables: [x, y]\nat: { x: 1, y: 1 }", "3x + y - 2", "3x + y" },
        { "newton", "function: \"x^2 - 2\"\nvariables: [x]\nstart: [\"1\"]\nsteps: 2", "1.5, 1.416667", "1.5, 1.5" },
        { "newton_system", "components: [\"exp(x) - y\", \"x + y - 2\"]\nvariables: [x, y]\nstart: [\"0\", \"0\"]\nsteps: 2", "(0.5, 1.5), (0.4438517, 1.5561483)", "(0.5, 1.5), (0.5, 1.5)" },
        { "gradient_descent", "function: \"x^2 + 2*y^2\"\nvariables: [x, y]\nstart: [\"1\", \"1\"]\nstep_size: \"0.1\"\nsteps: 2", "(0.64, 0.36)", "(1.44, 1.96)" },
        { "lagrange", "function: \"x + y\"\nvariables: [x, y]\nconstraints: [\"x^2 + y^2 = 1\"]", "{(sqrt(2)/2, sqrt(2)/2), (-sqrt(2)/2, -sqrt(2)/2)}", "{(1, 0), (0, 1)}" },
        { "stationary_points", "function: \"x^3 + y^3 - 3*x*y\"\nvariables: [x, y]", "{(1, 1): minimum, (0, 0): saddle}", "{(1, 1): maximum, (0, 0): saddle}" },
        { "linear_fit", "function: \"m*x + c\"\nvariables: [x]\nfit: [m, c]\ndata: { x: [0, 1, 2, 3], y: [1, 3, 5, 7], sigma: 0.5 }", "(2, 1)", "(1, 2)" },
        { "nonlinear_fit", "function: \"A*exp(-k*t)\"\nvariables: [t]\nfit: [A, k]\nstart: [\"1\", \"1\"]\ndata: { x: [0, 1, 2, 3], y: [5, \"5*exp(-0.5)\", \"5*exp(-1)\", \"5*exp(-1.5)\"], sigma: 0.1 }", "(5, 0.5)", "(5, 1)" },
        { "backprop", "layers:\n  - { weights: [[1, -1]], biases: [0], activation: sigmoid }\ninput: [2, 2]\ntarget: [1]\nvariables: [x]", "[[-1/4, -1/4]]", "[[1/4, 1/4]]" },
        { "value", "function: \"x^2*y\"\nvariables: [x, y]\nof: directional_derivative\nat: { x: 1, y: 2 }\ndirection: [\"3\", \"4\"]", "16/5", "4" },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Kind_CorrectAndWrongAnswers_AreGradedAndStored(string kind, string body, string correct, string wrong)
    {
        var spec = $"key: p\ntitle: A {kind} problem\nkind: {kind}\npoints: 2\nstatement: \"Answer.\"\n{body}\n";
        var read = ProblemReader.Read(spec, kind);
        Assert.True(read.Problem is not null, string.Join("; ", read.Errors));
        var (setId, problemId) = await SaveAsync(kind, spec);
        var student = await host.CreateStudentAsync();
        var api = await host.BearerClientAsync(student);

        // The student sees the kind's answer box (its kind decides the syntax help and preview).
        var set = await api.GetFromJsonAsync<JsonElement>($"/api/problemsets/{setId}");
        Assert.Equal(read.Problem.Variant(0).Render().AnswerKind.Name(), set.GetProperty("problems")[0].GetProperty("answerKind").GetString());

        var right = await SubmitAnswerTests.SubmitAsync(api, problemId, correct);
        var mistaken = await SubmitAnswerTests.SubmitAsync(api, problemId, wrong);
        var rightGrade = await WebHostFixture.WaitForGradeAsync(api, right);
        var wrongGrade = await WebHostFixture.WaitForGradeAsync(api, mistaken);

        Assert.Equal("correct", rightGrade.GetProperty("verdict").GetString());
        Assert.Contains(wrongGrade.GetProperty("verdict").GetString(), new[] { "incorrect", "partially_correct" });
        Assert.True(wrongGrade.GetProperty("score").GetDouble() < 1);

        var stored = await host.WithDbAsync(db => db.Submissions.AsNoTracking()
            .Where(s => s.ProblemId == problemId && s.UserId == student.Id).OrderBy(s => s.AttemptNumber).ToListAsync());
        Assert.Equal(2, stored.Count);
        Assert.Equal(Verdict.Correct, stored[0].Verdict);
        Assert.Equal(1.0, stored[0].Score);
        Assert.Contains(stored[1].Verdict, new Verdict?[] { Verdict.Incorrect, Verdict.PartiallyCorrect });
        Assert.All(stored, s => Assert.Equal(SubmissionStatus.Graded, s.Status));

        // A malformed answer of this kind is refused with a column and uses no attempt.
        var malformed = await api.PostAsJsonAsync($"/api/problems/{problemId}/submissions", new { answer = correct + "," + "(" });
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(2, await host.WithDbAsync(db => db.Submissions.CountAsync(s => s.ProblemId == problemId && s.UserId == student.Id)));
    }

    private Task<(int SetId, int ProblemId)> SaveAsync(string kind, string spec) =>
        host.WithDbAsync(async db =>
        {
            var course = await SeedLoader.EnsureCourseAsync(db, TimeProvider.System);
            var now = DateTimeOffset.UtcNow;
            var key = "k-" + Guid.NewGuid().ToString("N")[..12];
            var problem = new Problem
            {
                Key = "p", Position = 1, Title = $"A {kind} problem", Kind = kind, Points = 2, SpecYaml = spec, Version = 1, UpdatedAt = now,
                Versions = [new ProblemVersion { Version = 1, SpecYaml = spec, CreatedAt = now }],
            };
            var set = new ProblemSet
            {
                CourseId = course.Id, Key = key, Title = "Kinds " + key, Week = 98, IsPublished = true,
                CreatedAt = now, UpdatedAt = now, Problems = [problem],
            };
            db.ProblemSets.Add(set);
            await db.SaveChangesAsync();
            return (set.Id, problem.Id);
        });
}
