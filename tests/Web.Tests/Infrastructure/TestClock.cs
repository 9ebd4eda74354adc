namespace GraderHub.Web.Tests.Infrastructure;

// The server's clock in tests: real time plus an offset a test can move forward for a while.
// Not a frozen FakeTimeProvider: the host is shared by every test of the assembly, and a frozen
// or permanently advanced clock would leak one test's "three days later" into the next test's
// "opens tomorrow". Tests in the collection run one at a time, so a scoped offset is safe.
//
// Freeze stops it for a while, for rules that count real seconds (the sign-in throttle's "wait
// one second"): on a loaded machine two requests can be further apart than that.
public sealed class TestClock : TimeProvider
{
    private TimeSpan _offset;
    private DateTimeOffset? _frozenAt;

    public override DateTimeOffset GetUtcNow() => (_frozenAt ?? base.GetUtcNow()) + _offset;

    public IDisposable Freeze()
    {
        if (_frozenAt is not null) throw new InvalidOperationException("the clock is already frozen");
        _frozenAt = base.GetUtcNow();
        return new Thaw(this);
    }

    private sealed class Thaw(TestClock clock) : IDisposable
    {
        public void Dispose() => clock._frozenAt = null;
    }

    public IDisposable Travel(TimeSpan by)
    {
        _offset += by;
        return new Return(this, by);
    }

    private sealed class Return(TestClock clock, TimeSpan by) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            clock._offset -= by;
        }
    }
}
