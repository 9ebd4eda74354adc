using GraderHub.Data.Entities;

namespace GraderHub.Web.Features.Lti;

// The one reading of LMS roles: Learner -> Student, TeachingAssistant -> TA, Instructor ->
// Instructor, for the launching course only. A TA is an Instructor with the TeachingAssistant
// sub-role in LIS v2, so the sub-role is looked at first. Null: no role GraderHub knows (a
// mentor, an observer); the launch is refused with the role named.
public static class LtiRoles
{
    public static CourseRole? ToCourseRole(IEnumerable<string> roles)
    {
        var list = roles.ToList();
        if (list.Any(r => r == LtiSpec.TeachingAssistantRole || r.EndsWith("#TeachingAssistant", StringComparison.Ordinal) || r == "TeachingAssistant"))
            return CourseRole.TA;
        if (list.Any(r => r is LtiSpec.InstructorRole or "Instructor"))
            return CourseRole.Instructor;
        if (list.Any(r => r is LtiSpec.LearnerRole or "Learner"))
            return CourseRole.Student;
        return null;
    }

    // What the LMS's membership service and the launch call the role, for pages.
    public static string Describe(IEnumerable<string> roles) =>
        string.Join(", ", roles.Select(r => r.Contains('#', StringComparison.Ordinal) ? r[(r.LastIndexOf('#') + 1)..] : r));
}
