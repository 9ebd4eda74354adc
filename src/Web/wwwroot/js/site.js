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
  window.graderhub = { renderMath: renderMath };
  document.addEventListener("DOMContentLoaded", function () { renderMath(document); });
})();
