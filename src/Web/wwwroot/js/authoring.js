// The problem editor: a click on an error's "Line N" puts the cursor on that line of the spec.
(function () {
  "use strict";
  var yaml = document.getElementById("yaml");
  if (!yaml) return;
  document.querySelectorAll(".goto-line").forEach(function (button) {
    button.addEventListener("click", function () {
      var line = parseInt(button.dataset.line, 10) || 1;
      var lines = yaml.value.split("\n");
      var start = 0;
      for (var i = 0; i < line - 1 && i < lines.length; i++) start += lines[i].length + 1;
      var end = start + (lines[line - 1] || "").length;
      yaml.focus();
      yaml.setSelectionRange(start, end);
      var lineHeight = yaml.scrollHeight / Math.max(1, lines.length);
      yaml.scrollTop = Math.max(0, (line - 3) * lineHeight);
    });
  });
})();
