using System.Text.RegularExpressions;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Tests.Authoring;

// Small helpers of the authoring tests: enrolment in the course ProblemSetBuilder uses, and
// settings the builder does not cover.
internal static partial class AuthoringKit
{
    public static async Task<int> CourseIdAsync(WebHostFixture host) =>
        await host.WithDbAsync(async db => (await SeedLoader.EnsureCourseAsync(db, TimeProvider.System)).Id);

    public static async Task<(TestUser User, HttpClient Client)> SignedInAsync(WebHostFixture host, string role, CourseRole? courseRole)
    {
        var user = await host.CreateUserAsync(role);
        if (courseRole is { } cr)
        {
            var courseId = await CourseIdAsync(host);
            await host.WithDbAsync(async db =>
            {
                db.Enrollments.Add(new Enrollment { CourseId = courseId, UserId = user.Id, Role = cr, CreatedAt = DateTimeOffset.UtcNow });
                return await db.SaveChangesAsync();
            });
        }
        return (user, await host.SignedInClientAsync(user));
    }

    public static Task<int> UpdateSetAsync(WebHostFixture host, int setId, Action<ProblemSet> change) =>
        host.WithDbAsync(async db =>
        {
            change(await db.ProblemSets.SingleAsync(s => s.Id == setId));
            return await db.SaveChangesAsync();
        });

    public static Task<ProblemSet> LoadSetAsync(WebHostFixture host, int setId) =>
        host.WithDbAsync(db => db.ProblemSets.AsNoTracking().Include(s => s.Problems).SingleAsync(s => s.Id == setId));

    // The id at the end of a redirect such as /authoring/sets/42 or /authoring/problems/7?seed=0.
    public static int IdFromLocation(HttpResponseMessage response)
    {
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        var match = TrailingId().Match(response.Headers.Location!.OriginalString);
        Assert.True(match.Success, response.Headers.Location.OriginalString);
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string NewKey() => "a-" + Guid.NewGuid().ToString("N")[..10];

    [GeneratedRegex(@"/(\d+)(\?.*)?$")]
    private static partial Regex TrailingId();
}
