// Renders the math that Markdig marked up ($...$ -> span.math, $$...$$ -> div.math) with KaTeX,
// which is served from /lib/katex (never a CDN).
(function () {
  "use strict";
  function renderMath(root) {
    if (!window.katex) return;
    root.querySelectorAll(".math").forEach(function (el) {
      if (el.dataset.rendered) return;
      var tex = el.textContent.trim();
      var display = el.tagName === "DIV";
      // Markdig wraps inline math in \( \) and display math in \[ \].
      tex = tex.replace(/^\\\(|\\\)$/g, "").replace(/^\\\[|\\\]$/g, "");
      try {
        window.katex.render(tex, el, { displayMode: display, throwOnError: false });
        el.dataset.rendered = "1";
      } catch (e) {
        el.title = String(e);
      }
    });
  }
  // Progress bars carry their percentage in data-width: setting element.style from a script is
  // allowed by the CSP, a style attribute in the markup is not.
  function applyWidths(root) {
    root.querySelectorAll("[data-width]").forEach(function (el) {
      var pct = Math.max(0, Math.min(100, parseFloat(el.dataset.width) || 0));
      el.style.width = pct + "%";
    });
  }
  // LaTeX the server wrote into data-latex (attempt histories, solutions): text content stays
  // empty, so nothing shows raw before KaTeX runs.
  function renderLatex(root) {
    if (!window.katex) return;
    root.querySelectorAll("[data-latex]").forEach(function (el) {
      if (el.dataset.rendered) return;
      try {
        window.katex.render(el.dataset.latex, el, { displayMode: el.dataset.display === "true", throwOnError: false });
        el.dataset.rendered = "1";
      } catch (e) {
        el.textContent = el.dataset.latex;
      }
    });
  }
  window.graderhub = { renderMath: renderMath, renderLatex: renderLatex };
  document.addEventListener("DOMContentLoaded", function () { renderMath(document); renderLatex(document); applyWidths(document); });
})();
