// Times on staff pages: the server writes <time class="local-time" datetime="...Z" title="... UTC">
// in UTC; here the text becomes the viewer's own time zone, and the UTC form stays on hover.
(function () {
  "use strict";
  var format = new Intl.DateTimeFormat(undefined, {
    year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short",
  });
  function localise(root) {
    root.querySelectorAll("time.local-time[datetime]").forEach(function (el) {
      var at = new Date(el.getAttribute("datetime"));
      if (isNaN(at.getTime())) return;
      el.textContent = format.format(at);
      el.dataset.localised = "1";
    });
  }
  window.graderhubLocalTime = localise;
  document.addEventListener("DOMContentLoaded", function () { localise(document); });
})();
