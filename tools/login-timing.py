#!/usr/bin/env python3
"""Response time of a failed sign-in for a known and an unknown account (issue 11, item 6).

Starts the built site (Development, demo accounts, a temporary database, a random loopback
port, the sign-in throttle raised out of the way), then sends N wrong-password logins to
POST /api/auth/login, alternating a demo account that exists and addresses that do not, and
prints the median and p90 of each and their gap. Bounded: 2*N requests, one at a time.

    dotnet build src/Web && python3 tools/login-timing.py [N]
"""
import json, os, re, statistics, subprocess, sys, tempfile, time, urllib.request, urllib.error

n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
dll = os.path.join(root, "src/Web/bin/Debug/net10.0/GraderHub.Web.dll")
data = tempfile.mkdtemp(prefix="graderhub-timing-")
env = dict(os.environ, ASPNETCORE_ENVIRONMENT="Development", ASPNETCORE_URLS="http://127.0.0.1:0",
           GraderHub__DataFolder=data,
           GraderHub__LoginThrottle__ClientFreeFailures="1000000",
           GraderHub__LoginThrottle__AccountFreeFailures="1000000")
site = subprocess.Popen(["dotnet", dll], cwd=os.path.dirname(dll), env=env,
                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
try:
    base = None
    deadline = time.time() + 120
    for line in site.stdout:
        m = re.search(r"Now listening on: (http://\S+)", line)
        if m:
            base = m.group(1)
            break
        if time.time() > deadline:
            break
    if base is None:
        sys.exit("the site did not start")

    def login(email):
        body = json.dumps({"email": email, "password": "wrong-password-1"}).encode()
        req = urllib.request.Request(base + "/api/auth/login", body, {"Content-Type": "application/json"})
        start = time.perf_counter()
        try:
            urllib.request.urlopen(req, timeout=10).read()
            status = 200
        except urllib.error.HTTPError as e:
            e.read()
            status = e.code
        return (time.perf_counter() - start) * 1000, status

    for i in range(20):  # warm-up: JIT, EF query caches
        login("student1@demo.local"); login(f"warm-{i}@demo.local")
    known, unknown, statuses = [], [], set()
    for i in range(n):
        t, s = login("student1@demo.local"); known.append(t); statuses.add(s)
        t, s = login(f"nobody-{i}@demo.local"); unknown.append(t); statuses.add(s)

    def p90(xs): return sorted(xs)[int(0.9 * len(xs))]
    mk, mu = statistics.median(known), statistics.median(unknown)
    print(f"statuses: {sorted(statuses)}")
    print(f"known account:   median {mk:.2f} ms, p90 {p90(known):.2f} ms ({n} requests)")
    print(f"unknown account: median {mu:.2f} ms, p90 {p90(unknown):.2f} ms ({n} requests)")
    print(f"gap of medians:  {mk - mu:+.2f} ms")
finally:
    site.terminate()
    try:
        site.wait(10)
    except subprocess.TimeoutExpired:
        site.kill()
