using GraderHub.Grading.Feedback;
using GraderHub.Grading.Answers;
using GraderHub.Data;
using GraderHub.Data.Entities;
using GraderHub.Grading.Problems;
using GraderHub.Web.Features.Problems;
using GraderHub.Web.Features.Solutions;

namespace GraderHub.Web.Features.Submissions;

// What grading decided for one submission, ready to store: a grade (Result), or a failure.
// Error is staff's note of why (a failure, or a grade given because checking took too long).
public sealed record GradeOutcome(GradeResult? Result, string? Error)
{
    public const string TooSlowFeedback =
        "This answer took too long to check, so it was not graded and does not use an attempt. Simplify it (expand less, nest less) and submit again.";

    public const string FailedFeedback =
        "This answer could not be graded. Your teaching staff have been told; it does not count against you.";

    public static GradeOutcome Graded(GradeResult result) => new(result, null);

    // Invalid: like an answer that could not be read, it uses no attempt (Attempts.UsesAttempt).
    public static GradeOutcome TooSlow(TimeSpan limit) => new(new GradeResult(GradeVerdict.Invalid, 0, TooSlowFeedback, null),
        $"grading exceeded the {limit.TotalSeconds:0.###} s limit");

    public static GradeOutcome Failed(string error) => new(null, error);

    // Grades go through Submission.RecordGrade, the one writer of a grade.
    public void ApplyTo(Submission s, DateTimeOffset now)
    {
        if (Result is { } result)
        {
            s.RecordGrade(result, ProblemGrading.GraderVersion, s.ProblemVersion, now);
            s.Error = Error;
            return;
        }
        s.Status = SubmissionStatus.Failed;
        s.Feedback = FailedFeedback;
        s.Error = Error;
        s.GradedAt = now;
    }
}

// The result of grading and the computation itself. At the time limit the engine is cancelled: its
// loops (expansion, sampling, 256-bit evaluation, diagnosis) check the token and stop within
// milliseconds, so an answer that took too long stops using a core. Until it has stopped the
// worker waits for it before taking the next answer, so an abandoned grading never runs beside a
// new one and a student never holds more than their one worker.
public sealed record GradingRun(GradeOutcome Outcome, Task Computation);

public sealed class SubmissionGrader(ProblemCatalog catalog, IServiceScopeFactory scopes, TimeSpan timeLimit, ILogger<SubmissionGrader> log)
{
    public TimeSpan TimeLimit { get; } = timeLimit;

    public async Task<GradingRun> GradeAsync(GradingTicket ticket, CancellationToken ct)
    {
        ProblemDefinition? definition;
        bool exists;
        FeedbackDetail detail;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GraderHubDbContext>();
            await using var held = await db.HoldConnectionAsync(ct);
            (exists, definition) = await catalog.GetAsync(db, ticket.ProblemId, ticket.ProblemVersion, ct);
            // Values only where the student's solution is already released (FeedbackPolicy).
            detail = await FeedbackPolicy.ForAsync(db, ticket.UserId, ticket.ProblemId,
                scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow(), ct);
        }
        // The spec of the version the student answered, not the current one (issue 5).
        if (!exists) return Done(GradeOutcome.Failed($"problem {ticket.ProblemId} has no version {ticket.ProblemVersion}"));
        if (definition is null) return Done(GradeOutcome.Failed($"invalid spec: problem {ticket.ProblemId} v{ticket.ProblemVersion} does not read"));

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeLimit);
        var token = limit.Token;
        // On a grading thread, not the thread pool's: seconds of engine work on a pool thread would
        // leave the requests of every other student waiting for the pool to grow.
        var work = Task.Factory.StartNew(() => definition.Variant(ticket.Seed).Grade(ticket.Answer, detail, token),
            CancellationToken.None, GradingThreads.Options, GradingThreads.Scheduler);

        var expired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task finished;
        using (token.Register(() => expired.TrySetResult()))
            finished = await Task.WhenAny(work, expired.Task);
        // Disposed only once the computation has ended, and never before the wait above took its
        // registration: a fast grading used to dispose it first, and the grading then threw and
        // stayed queued until the recovery sweep. (Also observes a late cancellation.)
        _ = work.ContinueWith(t => { _ = t.Exception; limit.Dispose(); }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        ct.ThrowIfCancellationRequested();
        // Over the limit by the clock too, not only by the timer: a kept grading thread can finish
        // a short limit's grading before the timer has fired.
        if (finished != work || work.IsCanceled || work.Exception?.InnerException is OperationCanceledException
            || System.Diagnostics.Stopwatch.GetElapsedTime(started) > TimeLimit)
        {
            log.LogWarning("Grading submission {Id} took longer than {Limit}; stopped", ticket.Id, TimeLimit);
            return new GradingRun(GradeOutcome.TooSlow(TimeLimit), work);
        }
        try
        {
            return Done(GradeOutcome.Graded(await work));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The engine's own failures come back as results; anything else is a bug to look at.
            log.LogError(ex, "Grading submission {Id} threw", ticket.Id);
            return Done(GradeOutcome.Failed("the grader threw " + ex.GetType().Name + ": " + ex.Message));
        }
    }

    private static GradingRun Done(GradeOutcome outcome) => new(outcome, Task.CompletedTask);
}

// The engine's own threads, kept between gradings: a new thread per grading (LongRunning) cost
// far more than the grading itself (~7 us). A grading never waits for a thread: when every
// thread is busy (say with computations past their time limit that have not stopped yet), one
// more is started, and it stays for the next grading.
public sealed class GradingThreads : TaskScheduler
{
    public static readonly GradingThreads Scheduler = new();

    // The grading's caller resumes on the thread pool, and what it awaits next is not scheduled
    // here: without these the worker's own loop moved onto the grading threads.
    public const TaskCreationOptions Options = TaskCreationOptions.HideScheduler | TaskCreationOptions.RunContinuationsAsynchronously;

    private readonly object _lock = new();
    private readonly Queue<Task> _queue = new();
    private int _idle;

    private GradingThreads() { }

    protected override void QueueTask(Task task)
    {
        bool start;
        lock (_lock)
        {
            _queue.Enqueue(task);
            start = _idle < _queue.Count;
            if (!start) Monitor.Pulse(_lock);
        }
        if (start) new Thread(Run) { IsBackground = true, Name = "grading" }.Start();
    }

    private void Run()
    {
        while (true)
        {
            Task next;
            lock (_lock)
            {
                _idle++;
                while (_queue.Count == 0) Monitor.Wait(_lock);
                _idle--;
                next = _queue.Dequeue();
            }
            TryExecuteTask(next);
        }
    }

    // Never inline: the caller is a request or a worker on the thread pool.
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task> GetScheduledTasks()
    {
        lock (_lock) return [.. _queue];
    }
}
