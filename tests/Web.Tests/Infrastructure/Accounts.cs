using GraderHub.Data.Entities;

namespace GraderHub.Web.Tests.Infrastructure;

public static class Accounts
{
    // A student of the seeded course, the course ProblemSetBuilder puts its sets in: roles are per
    // course, so a student who is enrolled nowhere sees no problem at all.
    public static async Task<TestUser> CreateStudentAsync(this WebHostFixture host)
    {
        var user = await host.CreateUserAsync(Roles.Student);
        await host.EnrollAsync(user, CourseRole.Student);
        return user;
    }
}
