// The problem page: live preview of how the answer was read, through the student's own variant of
// the problem (POST /api/problems/{id}/preview: a vector as a column vector, a matrix as a matrix,
// the same reading the submit uses), server LaTeX -> KaTeX,
// and grades that appear without a reload (a long poll, GET /api/submissions/{id}?wait=10).
(function () {
  "use strict";
  var form = document.getElementById("answer-form");
  if (!form) return;
  var input = document.getElementById("answer");
  var preview = document.getElementById("preview");
  var token = form.querySelector("input[name='__RequestVerificationToken']").value;
  var previewUrl = form.dataset.previewUrl;
  var timer = null;
  var latest = 0;

  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function showPreview(result, answer) {
    if (result.latex) {
      preview.dataset.state = "ok";
      preview.dataset.latex = result.latex;
      preview.classList.remove("text-danger");
      window.katex.render(result.latex, preview, { displayMode: true, throwOnError: false });
      return;
    }
    preview.dataset.state = "error";
    preview.classList.add("text-danger");
    var col = result.column || 1;
    // The answer with a caret under the column the parser stopped at.
    var caret = " ".repeat(Math.max(0, col - 1)) + "^";
    preview.innerHTML = "<div>" + escapeHtml(result.error || "Cannot read this answer.") +
      " <span class='text-muted'>(column " + col + ")</span></div>" +
      "<pre class='mb-0 mt-1 small'>" + escapeHtml(answer) + "\n" + caret + "</pre>";
  }

  function requestPreview() {
    var answer = input.value;
    if (!answer.trim()) {
      preview.dataset.state = "empty";
      preview.classList.remove("text-danger");
      preview.innerHTML = "<span class='text-muted'>Start typing to see your answer as mathematics.</span>";
      return;
    }
    var ticket = ++latest;
    fetch(previewUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "RequestVerificationToken": token },
      body: JSON.stringify({ answer: answer })
    }).then(function (r) {
      return r.json().catch(function () { return { error: "Preview unavailable (" + r.status + ")." }; });
    }).then(function (result) {
      // Answers arrive out of order when typing fast: show only the newest.
      if (ticket === latest) showPreview(result, answer);
    }).catch(function () { /* offline: the submit still works */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(requestPreview, 150);
  });
  if (input.value) requestPreview();

  function resultBadge(s) {
    var pct = Math.round((s.score || 0) * 100);
    if (s.overridden) return "<span class='badge rounded-pill text-bg-info'>Set by staff · " + pct + "%</span>";
    if (s.status === "queued" || s.status === "grading")
      return "<span class='badge rounded-pill text-bg-secondary'><span class='spinner-border spinner-border-sm me-1'></span>Grading…</span>";
    if (s.status === "failed") return "<span class='badge rounded-pill text-bg-dark'>Not graded</span>";
    if (s.verdict === "invalid") return "<span class='badge rounded-pill text-bg-dark'>Not checked</span>";
    var label = { correct: "Correct", partially_correct: "Partly correct", undetermined: "Under review" }[s.verdict] || "Incorrect";
    var css = s.verdict === "correct" ? "text-bg-success" : s.verdict === "partially_correct" ? "text-bg-warning" : "text-bg-danger";
    return "<span class='badge rounded-pill " + css + "'>" + label + " · " + pct + "%</span>";
  }

  function showGrade(li, s) {
    li.dataset.status = s.status;
    li.dataset.verdict = s.verdict || "";
    li.querySelector(".attempt-result").innerHTML = resultBadge(s);
    li.querySelector(".attempt-feedback").textContent = s.feedback || "";
    // Not checked (too slow to check, say): the feedback says why, and there is no score to explain.
    if (s.verdict === "invalid" && !s.overridden) return;
    if (s.score !== null && s.score !== undefined && s.explained && !li.querySelector(".attempt-parts")) {
      // The score's parts as the server words them (ScoreParts.Explain).
      var parts = document.createElement("div");
      parts.className = "attempt-parts small text-muted";
      var span = document.createElement("span");
      span.className = "score-parts";
      span.textContent = s.explained;
      parts.appendChild(span);
      li.appendChild(parts);
    }
    var factors = [];
    if (s.lateFactor < 1) factors.push("late ×" + Math.round(s.lateFactor * 100) / 100);
    if (s.hintFactor < 1) factors.push("hint ×" + Math.round(s.hintFactor * 100) / 100);
    if (factors.length && s.gradedScore !== null && !s.overridden) {
      // As _AttemptResult's page does: why the score is lower than the grader's.
      var note = document.createElement("div");
      note.className = "attempt-factors small text-muted mt-1";
      note.textContent = "Graded " + Math.round(s.gradedScore * 100) + "%, " + factors.join(" · ");
      li.appendChild(note);
    }
  }

  // The attempts still being graded, oldest first (the queue grades a student's answers in order).
  function pending() {
    return Array.prototype.slice.call(
      document.querySelectorAll("#attempts li[data-status='queued'], #attempts li[data-status='grading']"))
      .sort(function (a, b) { return Number(a.dataset.submissionId) - Number(b.dataset.submissionId); });
  }

  // One long poll at a time: GET ...?wait=10 answers the moment the grade is stored (or after
  // 10 s), so the grade shows as soon as it exists and a page holds one connection however many
  // answers wait. The page used to ask every 250 ms and then less often: on a deadline night,
  // when grades lag, several requests per answer, and a grade shown up to a poll interval late.
  function pollNext() {
    var li = pending()[0];
    if (!li) return;
    var asked = Date.now();
    fetch("/api/submissions/" + li.dataset.submissionId + "?wait=10",
      { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (s && (s.status === "graded" || s.status === "failed")) {
          showGrade(li, s);
          pollNext();
          return;
        }
        // Not graded yet: again at once after a full wait; after a refusal (signed out, the site
        // unavailable) or an early answer (a server that does not wait), after a pause.
        setTimeout(pollNext, !s ? 5000 : Date.now() - asked >= 9000 ? 0 : 2000);
      })
      .catch(function () { setTimeout(pollNext, 5000); });
  }

  pollNext();
})();
