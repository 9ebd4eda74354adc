// One real site per test class, one class at a time: Hangfire keeps process-global state
// (JobStorage.Current, used by the job client), so with two sites alive a job enqueued by one
// ran on the other's server and database (a regrade "succeeded" and changed nothing). Tests of a
// class share their site and run one after another; the browser is shared by all (BrowserHost).
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// Tests that judge the whole run go last (RunsLast.cs).
[assembly: TestCollectionOrderer("GraderHub.Web.BrowserTests.RunsLastOrderer", "GraderHub.Web.BrowserTests")]
