// Counts down the time left that the server computed (data-seconds-left), from when the page
// loaded: the client's own clock is never read as a time of day. At zero the answer button is
// disabled; the server refuses late answers anyway (409 with the reason).
(function () {
  var el = document.getElementById("time-left");
  if (!el) return;
  var left = parseInt(el.dataset.secondsLeft, 10);
  var started = performance.now();
  var value = el.querySelector(".time-left-value");
  function tick() {
    var remaining = Math.max(0, left - Math.floor((performance.now() - started) / 1000));
    var m = Math.floor(remaining / 60), s = remaining % 60;
    value.textContent = m + ":" + (s < 10 ? "0" : "") + s;
    if (remaining === 0) {
      el.dataset.expired = "true";
      value.textContent = "0:00 (time is up)";
      var button = document.getElementById("submit-answer");
      if (button) button.disabled = true;
      return;
    }
    setTimeout(tick, 250);
  }
  tick();
})();
