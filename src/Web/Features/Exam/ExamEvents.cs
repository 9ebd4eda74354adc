using System.Net;
using GraderHub.Data;
using GraderHub.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Exam;

// Writes the rows of a student's exam log that nothing else records (focus reports, refused
// starts). At most MaxPerStudent rows per student and exam: a script in a loop, or a student
// who keeps switching windows, fills the log to its cap and then nothing more is stored (the
// cap is named on the staff's page, so a full log reads as such).
public sealed class ExamEvents(GraderHubDbContext db, TimeProvider clock)
{
    public const int MaxPerStudent = 300;

    public async Task<bool> RecordAsync(int setId, string userId, ExamEventKind kind, IPAddress? address, CancellationToken ct)
    {
        if (await db.ExamEvents.CountAsync(e => e.ProblemSetId == setId && e.UserId == userId, ct) >= MaxPerStudent) return false;
        db.ExamEvents.Add(new ExamEvent
        {
            ProblemSetId = setId, UserId = userId, Kind = kind, At = clock.GetUtcNow(),
            Address = kind is ExamEventKind.WrongAccessCode or ExamEventKind.OutsideNetwork ? address?.ToString() : null,
        });
        await db.SaveChangesAsync(ct);
        return true;
    }
}
