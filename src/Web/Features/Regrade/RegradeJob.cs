using System.Globalization;
using Hangfire;
using Hangfire.Server;

namespace GraderHub.Web.Features.Regrade;

// Thin: takes ids, runs the regrader, and keeps "done/total" as a parameter of its own Hangfire
// job so the progress page reads it from whatever job storage is configured (no extra table).
public sealed class RegradeJob(Regrader regrader, JobStorage storage)
{
    public const string ProgressParameter = "regrade-progress";
    public const string CourseParameter = "regrade-course";

    [AutomaticRetry(Attempts = 1)]
    public async Task RunAsync(int[] problemIds, string? byUserId, PerformContext? context)
    {
        using var connection = storage.GetConnection();
        await regrader.ApplyAsync(problemIds, byUserId, (done, total) =>
        {
            if (context is not null)
                connection.SetJobParameter(context.BackgroundJob.Id, ProgressParameter,
                    string.Create(CultureInfo.InvariantCulture, $"{done}/{total}"));
            return Task.CompletedTask;
        }, CancellationToken.None);
    }
}
