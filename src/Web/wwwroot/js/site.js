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
  // The navigation toggler of a narrow screen (Bootstrap's CSS, without its JavaScript): opens and
  // closes the links it controls and says which it is to screen readers.
  function wireToggler(root) {
    root.querySelectorAll(".navbar-toggler[aria-controls]").forEach(function (button) {
      var target = document.getElementById(button.getAttribute("aria-controls"));
      if (!target) return;
      button.addEventListener("click", function () {
        var open = target.classList.toggle("show");
        button.setAttribute("aria-expanded", open ? "true" : "false");
      });
    });
  }
  // After a refused form the page comes back with its errors: focus goes to the first one shown
  // (a field marked aria-invalid, which names its error through aria-describedby, or a message
  // marked data-focus-error), so a screen reader reads it and the keyboard continues from there.
  // Not when the person already put the focus somewhere while the page loaded (this runs once the
  // page's scripts have arrived): they clicked into a field and typed, and taking the focus then
  // sent the rest of their keys elsewhere.
  function focusFirstError(root) {
    var active = document.activeElement;
    if (active && active !== document.body && active !== document.documentElement) return;
    var error = Array.prototype.find.call(root.querySelectorAll("[aria-invalid='true'], [data-focus-error]"),
      function (el) { return el.getClientRects().length > 0; });
    if (!error) return;
    if (!error.hasAttribute("tabindex") && !/^(INPUT|TEXTAREA|SELECT|BUTTON|A)$/.test(error.tagName)) error.setAttribute("tabindex", "-1");
    error.focus();
  }
  // A table wider than the screen scrolls inside its box (.table-responsive): the box must be
  // reachable by keyboard to be scrolled, and then needs a name (WCAG 2.1.1).
  function scrollableRegions(root) {
    root.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth <= box.clientWidth || box.hasAttribute("tabindex")) return;
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      // Named after its table's caption or the heading of its section, so regions stay distinct.
      var table = box.querySelector("table");
      var section = box.closest("section, .card, main");
      var heading = section && section.querySelector("h1, h2, h3");
      var name = (table && table.caption && table.caption.textContent) || (heading && heading.textContent) || "Table";
      box.setAttribute("aria-label", name.trim().replace(/\s+/g, " ") + " (table, scrolls sideways)");
    });
  }
  window.graderhub = { renderMath: renderMath, renderLatex: renderLatex };
  document.addEventListener("DOMContentLoaded", function () {
    renderMath(document);
    renderLatex(document);
    applyWidths(document);
    wireToggler(document);
    scrollableRegions(document);
    focusFirstError(document);
  });
})();
