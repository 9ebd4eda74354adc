using Microsoft.AspNetCore.Identity;

namespace GraderHub.Data.Entities;

public sealed class AppUser : IdentityUser
{
    // Shown on reports and pages; Identity's UserName is the e-mail address.
    public string DisplayName { get; set; } = "";
}

// Global Identity roles. Only Administrator grants anything (the job dashboard's operations,
// platform registration): what a user may do in a course comes from their enrolment there
// (Enrollment.Role; the site's policies in Web/Features/Access). Instructor, TA and Student are
// kept as labels on accounts made before roles became per course, and grant nothing.
public static class Roles
{
    public const string Administrator = "Administrator";
    public const string Instructor = "Instructor";
    public const string TA = "TA";
    public const string Student = "Student";

    public static readonly IReadOnlyList<string> All = [Administrator, Instructor, TA, Student];
}
