// The optional math editor of the answer box (MathLive, bundled by esbuild and served from the
// site). It never submits anything itself: every edit writes the formula, as the plain text the
// grader reads (MathLive's ASCII-math), into the ordinary #answer box, whose live preview then
// shows how the grader read it. Without this script, or with it closed, the text box is the box.
import { MathfieldElement } from "mathlive";

// Fonts from the site (the CSP allows fonts from 'self' only); no sounds.
MathfieldElement.fontsDirectory = "/lib/mathlive/fonts";
MathfieldElement.soundsDirectory = null;

// MathLive lays out formulas with style attributes written into its shadow DOM's markup, which
// the site's CSP (no inline styles) does not apply (the browser logs each refusal). The same
// declarations set through the CSSOM are allowed, so each rendered element's style attribute is
// re-applied that way. The container's initial visibility:hidden is left out: MathLive lifts it
// with style.removeProperty, which finds nothing to remove when the attribute was refused.
function applyInlineStyles(root) {
  root.querySelectorAll("[style]").forEach(function (el) {
    let css = el.getAttribute("style");
    if (el.getAttribute("part") === "container") css = css.replace(/visibility\s*:\s*hidden;?/, "");
    if (el.dataset.cspStyled === css) return;
    el.style.cssText = css;
    el.dataset.cspStyled = el.getAttribute("style");
  });
}

function watchStyles(field) {
  const root = field.shadowRoot;
  if (!root) return;
  applyInlineStyles(root);
  new MutationObserver(function () { applyInlineStyles(root); })
    .observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ["style"] });
}

// ASCII-math as MathLive writes it, in the syntax of docs/answer-syntax.md: a space before a
// function name glued to a number (x^2sin x -> x^2 sin x), and Unicode operators as ASCII.
function toPlain(ascii) {
  return ascii
    .replace(/[\u00B7\u22C5\u00D7]/g, "*")
    .replace(/\u2212/g, "-")
    .replace(/\u03C0/g, "pi")
    .replace(/(\d)(a?sinh?|a?cosh?|a?tanh?|sec|csc|cot|exp|log|ln|sqrt)\b/g, "$1 $2")
    .trim();
}

// Called by wwwroot/js/math-editor.js (which loads this bundle on the first click): a math field
// in host that writes into input.
function attach(host, input, preview) {
  const field = new MathfieldElement();
  field.id = "math-field";
  field.setAttribute("aria-label", "Math editor; it writes your answer into the answer box");
  field.smartMode = false;
  host.appendChild(field);
  watchStyles(field);
  field.addEventListener("input", function () {
    input.value = toPlain(field.getValue("ascii-math"));
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
  // Start from the answer already in the box, as its preview read it.
  if (input.value && preview && preview.dataset.latex) field.value = preview.dataset.latex;
  return field;
}

window.graderhub = window.graderhub || {};
window.graderhub.mathEditor = { attach: attach, toPlain: toPlain };
