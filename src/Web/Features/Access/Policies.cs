using System.Security.Claims;
using GraderHub.Data.Entities;
using Microsoft.AspNetCore.Authorization;

namespace GraderHub.Web.Features.Access;

// Every policy the site has. Course policies take their resource from the endpoint's
// ForCourse/OwnSubmission metadata (or an explicit CourseTarget through IAuthorizationService);
// the "any course" ones ask for the level in at least one course (menus, course lists).
public static class Policies
{
    public const string EnrolledInCourse = "Course.Enrolled";
    public const string StaffOfCourse = "Course.Staff";
    public const string InstructorOfCourse = "Course.Instructor";
    public const string OwnSubmission = "Submission.Owner";
    public const string StaffOfAnyCourse = "AnyCourse.Staff";
    public const string InstructorOfAnyCourse = "AnyCourse.Instructor";
    // The job dashboard: instructors of a course read it, administrators operate it.
    public const string JobDashboard = "Jobs.Dashboard";
    public const string Administrator = "Administrator";

    // The one reading of the global role (the job dashboard's read-only switch is synchronous).
    public static bool IsAdministrator(ClaimsPrincipal user) => user.IsInRole(Roles.Administrator);

    public static string For(CourseLevel level) => level switch
    {
        CourseLevel.Enrolled => EnrolledInCourse,
        CourseLevel.Staff => StaffOfCourse,
        CourseLevel.Instructor => InstructorOfCourse,
    };

    public static void Add(AuthorizationBuilder builder)
    {
        foreach (var level in Enum.GetValues<CourseLevel>())
            builder.AddPolicy(For(level), p => p.RequireAuthenticatedUser().AddRequirements(new CourseRequirement(level)));
        builder.AddPolicy(OwnSubmission, p => p.RequireAuthenticatedUser().AddRequirements(new OwnSubmissionRequirement()));
        builder.AddPolicy(StaffOfAnyCourse, p => p.RequireAuthenticatedUser().AddRequirements(new AnyCourseRequirement(CourseLevel.Staff, false)));
        builder.AddPolicy(InstructorOfAnyCourse, p => p.RequireAuthenticatedUser().AddRequirements(new AnyCourseRequirement(CourseLevel.Instructor, false)));
        builder.AddPolicy(JobDashboard, p => p.RequireAuthenticatedUser().AddRequirements(new AnyCourseRequirement(CourseLevel.Instructor, true)));
        builder.AddPolicy(Administrator, p => p.RequireAuthenticatedUser().RequireRole(Roles.Administrator));
    }
}

// The caller's enrolment in the resource's course grants at least Level.
public sealed record CourseRequirement(CourseLevel Level) : IAuthorizationRequirement;

// The caller made the submission (and is still enrolled in its course).
public sealed record OwnSubmissionRequirement : IAuthorizationRequirement;

// The caller has Level in some course; OrAdministrator lets a global administrator through too.
public sealed record AnyCourseRequirement(CourseLevel Level, bool OrAdministrator) : IAuthorizationRequirement;

// The caller is a stranger to the resource's course, or the resource does not exist: the site
// answers 404 for both, so an id of another course reveals nothing (StrangerResultHandler).
public sealed class NotInCourse(IAuthorizationHandler handler, string message) : AuthorizationFailureReason(handler, message);
