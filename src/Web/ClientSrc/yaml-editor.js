// The problem-spec editor: CodeMirror 6 over the form's <textarea>, bundled by esbuild into
// wwwroot/lib/editor/yaml-editor.js (the BundleEditor target in GraderHub.Web.csproj). The
// textarea stays in the form and receives every change, so the form posts the same field with or
// without this script; without it the page falls back to the plain textarea (wwwroot/js/authoring.js).
import { EditorState } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { syntaxHighlighting, defaultHighlightStyle, indentOnInput, bracketMatching } from "@codemirror/language";
import { yaml } from "@codemirror/lang-yaml";
import { linter, lintGutter, forEachDiagnostic } from "@codemirror/lint";

// check(text) resolves to [{line, column, message}] (1-based); onErrors(list) hears every result;
// styleNonce is the page's CSP style nonce (CodeMirror writes its styles into a <style> element).
function attach(textarea, options) {
  var check = options.check;
  var onErrors = options.onErrors || function () {};

  function toDiagnostics(view, errors) {
    var doc = view.state.doc;
    return errors.map(function (e) {
      var line = doc.line(Math.min(Math.max(1, e.line || 1), doc.lines));
      var from = Math.min(line.to, line.from + Math.max(0, (e.column || 1) - 1));
      // The whole rest of the line is marked, so a short token is still easy to see.
      return { from: from, to: Math.max(line.to, from), severity: "error", message: e.message };
    });
  }

  var specLinter = linter(function (view) {
    var text = view.state.doc.toString();
    return check(text).then(function (errors) {
      if (view.state.doc.toString() !== text) return [];
      onErrors(errors);
      return toDiagnostics(view, errors);
    }, function () { return []; });
  }, { delay: 400 });

  var view = new EditorView({
    parent: textarea.parentNode,
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        lineNumbers(), highlightActiveLineGutter(), highlightActiveLine(), drawSelection(), history(),
        indentOnInput(), bracketMatching(), syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        keymap.of(defaultKeymap.concat(historyKeymap)), yaml(), EditorView.lineWrapping,
        specLinter, lintGutter(),
        options.styleNonce ? EditorView.cspNonce.of(options.styleNonce) : [],
        // tabindex: the editor's scrolling box must be reachable by keyboard (axe-core,
        // scrollable-region-focusable); the content is where the keyboard goes anyway.
        EditorView.contentAttributes.of({ "aria-label": textarea.getAttribute("aria-label") || "Problem spec (YAML)", spellcheck: "false", tabindex: "0" }),
        EditorView.updateListener.of(function (update) {
          if (update.docChanged) textarea.value = update.state.doc.toString();
        }),
      ],
    }),
  });
  textarea.parentNode.insertBefore(view.dom, textarea.nextSibling);
  textarea.classList.add("d-none");
  var label = document.querySelector("label[for='" + textarea.id + "']");
  if (label) label.addEventListener("click", function () { view.focus(); });

  return {
    view: view,
    // Puts the cursor at the start of a line (1-based) and scrolls it into view.
    gotoLine: function (number, column) {
      var doc = view.state.doc;
      var line = doc.line(Math.min(Math.max(1, number), doc.lines));
      var at = Math.min(line.to, line.from + Math.max(0, (column || 1) - 1));
      view.dispatch({ selection: { anchor: at }, effects: EditorView.scrollIntoView(at, { y: "center" }) });
      view.focus();
    },
    errorLines: function () {
      var lines = [];
      forEachDiagnostic(view.state, function (d) { lines.push(view.state.doc.lineAt(d.from).number); });
      return lines;
    },
  };
}

window.GraderHubEditor = { attach: attach };
