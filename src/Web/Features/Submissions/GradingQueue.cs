namespace GraderHub.Web.Features.Submissions;

// What grading needs of a submission, carried from the submit (or the recovery sweep) to the
// workers so that grading reads nothing from the database.
public sealed record GradingTicket(long Id, string UserId, int ProblemId, int ProblemVersion, int Seed, string Answer);

// Fair queue: one line per student, served round robin, and at most PerStudentInFlight of a
// student's answers graded at once. A student who posts 200 slow answers waits behind their own
// answers; everyone else's go to the next free worker (issue 11: one student must not slow the
// rest). In memory: the database is the source of truth and the recovery sweep refills it.
public sealed class GradingQueue(int perStudentInFlight)
{
    private readonly object _lock = new();
    private readonly Dictionary<string, Queue<GradingTicket>> _waiting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    // Students with a waiting ticket and a free slot, in turn order; the semaphore counts them.
    private readonly LinkedList<string> _turns = new();
    private readonly HashSet<string> _hasTurn = new(StringComparer.Ordinal);
    private readonly HashSet<long> _known = [];
    private readonly SemaphoreSlim _ready = new(0);

    public int PerStudentInFlight { get; } = Math.Max(1, perStudentInFlight);

    public int Count { get { lock (_lock) return _known.Count; } }

    public bool Contains(long id) { lock (_lock) return _known.Contains(id); }

    // False when the submission is already waiting or being graded (the sweep and the submit
    // may both offer it; it is graded once).
    public bool Enqueue(GradingTicket ticket)
    {
        lock (_lock)
        {
            if (!_known.Add(ticket.Id)) return false;
            if (!_waiting.TryGetValue(ticket.UserId, out var line)) _waiting[ticket.UserId] = line = new Queue<GradingTicket>();
            line.Enqueue(ticket);
            OfferTurn(ticket.UserId);
        }
        return true;
    }

    public async Task<GradingTicket> DequeueAsync(CancellationToken ct)
    {
        await _ready.WaitAsync(ct);
        lock (_lock)
        {
            var user = _turns.First!.Value;
            _turns.RemoveFirst();
            _hasTurn.Remove(user);
            var line = _waiting[user];
            var ticket = line.Dequeue();
            if (line.Count == 0) _waiting.Remove(user);
            _inFlight[user] = _inFlight.GetValueOrDefault(user) + 1;
            OfferTurn(user);
            return ticket;
        }
    }

    // The ticket's grading is over (stored, or given up until the sweep offers it again).
    public void Complete(GradingTicket ticket)
    {
        lock (_lock)
        {
            if (!_known.Remove(ticket.Id)) return;
            var left = _inFlight.GetValueOrDefault(ticket.UserId) - 1;
            if (left <= 0) _inFlight.Remove(ticket.UserId);
            else _inFlight[ticket.UserId] = left;
            OfferTurn(ticket.UserId);
        }
    }

    private void OfferTurn(string user)
    {
        if (_hasTurn.Contains(user) || !_waiting.ContainsKey(user) || _inFlight.GetValueOrDefault(user) >= PerStudentInFlight) return;
        _turns.AddLast(user);
        _hasTurn.Add(user);
        _ready.Release();
    }
}
