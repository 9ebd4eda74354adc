using Microsoft.AspNetCore.Identity;

namespace GraderHub.Data.Entities;

public sealed class AppUser : IdentityUser
{
    // Shown on reports and pages; Identity's UserName is the e-mail address.
    public string DisplayName { get; set; } = "";
}

public static class Roles
{
    public const string Instructor = "Instructor";
    public const string TA = "TA";
    public const string Student = "Student";

    public static readonly IReadOnlyList<string> All = [Instructor, TA, Student];

    // For [Authorize(Roles = ...)]: staff read reports, only instructors author.
    public const string Staff = Instructor + "," + TA;
}
