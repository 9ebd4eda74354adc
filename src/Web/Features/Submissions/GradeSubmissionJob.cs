using GraderHub.Data;
using GraderHub.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace GraderHub.Web.Features.Submissions;

// Grades one submission now, outside the queue (an operator's or a test's "grade this id"):
// load by id, grade within the time limit, store. Running it twice, or after the submission is
// graded, changes nothing (the grade is written only onto an open submission).
public sealed class GradeSubmissionJob(GraderHubDbContext db, SubmissionGrader grader, GradeWriter writer)
{
    public async Task RunAsync(long submissionId)
    {
        var s = await db.Submissions.AsNoTracking()
            .Where(x => x.Id == submissionId && (x.Status == SubmissionStatus.Queued || x.Status == SubmissionStatus.Grading))
            .Select(x => new GradingTicket(x.Id, x.UserId, x.ProblemId, x.ProblemVersion, x.VariantSeed, x.AnswerText))
            .SingleOrDefaultAsync();
        if (s is null) return;
        var run = await grader.GradeAsync(s, CancellationToken.None);
        await writer.StoreAsync([new GradeWriter.Item(s, run.Outcome, ReleaseSlot: false)], CancellationToken.None);
    }
}
