// After an LTI launch: if this frame keeps the sign-in cookie, go straight to the page the link
// opens; if not (third-party cookies blocked), say so and leave "Open in a new window" as the way on.
(function () {
  const root = document.getElementById("lti-launched");
  if (!root) return;
  fetch("/lti/session", { credentials: "same-origin", cache: "no-store" })
    .then((r) => r.json())
    .then((s) => {
      if (s.signedIn) window.location.replace(root.dataset.destination);
      else document.getElementById("lti-cookies-blocked").hidden = false;
    })
    .catch(() => { document.getElementById("lti-cookies-blocked").hidden = false; });
})();
