using Microsoft.Extensions.Time.Testing;

namespace GraderHub.Web.Tests.Infrastructure;

// The server's clock in tests: real time plus an offset a test can move forward for a while, or
// frozen at an instant (a FakeTimeProvider the test advances by hand) for the edges of a
// deadline, where a second before and a second after must not depend on how long a request
// takes on a loaded machine. Not frozen for good: the host is shared by every test of the
// assembly, and a frozen or permanently advanced clock would leak one test's "three days later"
// into the next test's "opens tomorrow". Tests in the collection run one at a time, so a scoped
// offset or freeze is safe. Only the time of day is faked: timers stay real, so grading runs.
public sealed class TestClock : TimeProvider
{
    private TimeSpan _offset;
    private FakeTimeProvider? _frozen;

    // Travel moves a frozen clock too (the offset applies to both), so a test may freeze and then
    // jump past a wait.
    public override DateTimeOffset GetUtcNow() => (_frozen?.GetUtcNow() ?? base.GetUtcNow()) + _offset;

    public IDisposable Travel(TimeSpan by)
    {
        _offset += by;
        return new Return(() => _offset -= by);
    }

    // Stops the clock where it is, for rules that count real seconds (the sign-in throttle's
    // "wait one second"): on a loaded machine two requests can be further apart than that.
    public IDisposable Freeze() => Freeze(GetUtcNow());

    // Stops the clock at `at` until disposed; Advance moves it on.
    public IDisposable Freeze(DateTimeOffset at)
    {
        _frozen = new FakeTimeProvider(at - _offset);
        return new Return(() => _frozen = null);
    }

    public void Advance(TimeSpan by) =>
        (_frozen ?? throw new InvalidOperationException("Freeze the clock before advancing it")).Advance(by);

    private sealed class Return(Action undo) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            undo();
        }
    }
}
