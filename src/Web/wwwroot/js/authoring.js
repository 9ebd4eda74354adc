// The problem editor. With the bundled CodeMirror editor (lib/editor/yaml-editor.js): line
// numbers, wrapped lines, the spec checked while typing (POST /api/authoring/spec-check) with its
// error lines marked, and every "Line N" jumping there. Without it: the plain textarea, where
// "Line N" selects that line. Either way the textarea is what the form posts.
(function () {
  "use strict";
  var yaml = document.getElementById("yaml");
  if (!yaml) return;
  var form = yaml.form;
  var token = form.querySelector("input[name='__RequestVerificationToken']");
  var live = document.getElementById("live-errors");
  var wrapper = document.getElementById("yaml-editor");

  function textareaGoto(line) {
    var lines = yaml.value.split("\n");
    var start = 0;
    for (var i = 0; i < line - 1 && i < lines.length; i++) start += lines[i].length + 1;
    var end = start + (lines[line - 1] || "").length;
    yaml.focus();
    yaml.setSelectionRange(start, end);
    var lineHeight = yaml.scrollHeight / Math.max(1, lines.length);
    yaml.scrollTop = Math.max(0, (line - 3) * lineHeight);
  }

  function check(text) {
    return fetch(wrapper.dataset.checkUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "RequestVerificationToken": token ? token.value : "" },
      body: JSON.stringify({ yaml: text }),
    }).then(function (r) {
      if (!r.ok) throw new Error("check failed: " + r.status);
      return r.json();
    }).then(function (json) { return json.errors || []; });
  }

  var editor = null;
  function goto(line, column) {
    if (editor) editor.gotoLine(line, column); else textareaGoto(line);
  }

  function showLive(errors) {
    var list = live.querySelector("ul");
    list.textContent = "";
    errors.forEach(function (e) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-link p-0 align-baseline goto-line live-goto";
      button.dataset.line = e.line;
      button.textContent = "Line " + e.line + ", column " + e.column;
      button.addEventListener("click", function () { goto(e.line, e.column); });
      item.appendChild(button);
      item.appendChild(document.createTextNode(": " + e.message));
      list.appendChild(item);
    });
    live.classList.toggle("d-none", errors.length === 0);
    wrapper.dataset.errorLines = errors.map(function (e) { return e.line; }).join(",");
    // The server's list describes the text as it was posted; once the author types, the live list replaces it.
    var posted = document.getElementById("spec-errors");
    if (posted && editor && editor.view.state.doc.toString() !== yaml.defaultValue) posted.classList.add("d-none");
  }

  if (window.GraderHubEditor && wrapper) {
    try {
      editor = window.GraderHubEditor.attach(yaml, { check: check, onErrors: showLive, styleNonce: wrapper.dataset.styleNonce });
      wrapper.dataset.editor = "codemirror";
    } catch (e) {
      editor = null;
      yaml.classList.remove("d-none");
    }
  }

  document.querySelectorAll(".goto-line").forEach(function (button) {
    button.addEventListener("click", function () {
      goto(parseInt(button.dataset.line, 10) || 1, 1);
    });
  });
})();
