namespace GraderHub.Data.Entities;

public sealed class Course
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Title { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public List<Enrollment> Enrollments { get; set; } = [];
    public List<ProblemSet> ProblemSets { get; set; } = [];
}

// A user's place in a course, and their only role in it: a TA of one course is a stranger to
// another (DESIGN.md "Who may do what").
public sealed class Enrollment
{
    public int Id { get; set; }
    public int CourseId { get; set; }
    public Course Course { get; set; } = null!;
    public required string UserId { get; set; }
    public AppUser User { get; set; } = null!;
    public CourseRole Role { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public enum CourseRole { Student, TA, Instructor }
