// While an exam runs, tells the server when this page loses and regains focus (another window,
// another tab), where the browser reports it. It posts the page's own #exam-focus form, so the
// antiforgery token travels as with any form; the server keeps a bounded, rate-limited log that
// only the course's staff read. No inline script: the strict CSP allows this file only.
(function () {
  var form = document.getElementById("exam-focus");
  if (!form || !window.fetch) return;
  var last = null;
  // Going to another page of the exam hides this one too: that is not leaving the exam.
  var navigating = false;
  window.addEventListener("beforeunload", function () { navigating = true; });
  window.addEventListener("pagehide", function () { navigating = true; });
  function report(kind) {
    if (navigating || kind === last) return;
    last = kind;
    var data = new FormData(form);
    data.set("kind", kind);
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin", keepalive: true }).catch(function () { });
  }
  window.addEventListener("blur", function () { report("focus-lost"); });
  window.addEventListener("focus", function () { report("focus-regained"); });
  document.addEventListener("visibilitychange", function () {
    report(document.visibilityState === "hidden" ? "focus-lost" : "focus-regained");
  });
  // The student may have switched away while the page loaded, before any of the above listened:
  // a page that starts hidden or without the focus says so too (its return is then reported).
  if (document.visibilityState === "hidden" || !document.hasFocus()) report("focus-lost");
})();
