// The answer box's optional math editor: offered for answers that are one expression, loaded
// (the MathLive bundle, /lib/editor/math-editor.js) only when the student first asks for it.
(function () {
  "use strict";
  var slot = document.getElementById("math-editor-slot");
  var form = document.getElementById("answer-form");
  var input = document.getElementById("answer");
  if (!slot || !form || !input || form.dataset.answerKind !== "expression") return;
  var toggle = document.getElementById("math-editor-toggle");
  var host = document.getElementById("math-editor");
  var preview = document.getElementById("preview");
  var field = null;
  var loading = false;
  slot.hidden = false;

  function show(open) {
    host.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    toggle.textContent = open ? "Hide the math editor" : "Use the math editor";
    if (open && field) field.focus();
  }

  toggle.addEventListener("click", function () {
    if (field) { show(host.hidden); return; }
    if (loading) return;
    loading = true;
    toggle.textContent = "Loading the math editor…";
    var script = document.createElement("script");
    script.src = "/lib/editor/math-editor.js";
    script.onload = function () {
      field = window.graderhub.mathEditor.attach(host, input, preview);
      show(true);
    };
    script.onerror = function () {
      loading = false;
      toggle.textContent = "The math editor could not be loaded; type in the box";
    };
    document.head.appendChild(script);
  });
})();
