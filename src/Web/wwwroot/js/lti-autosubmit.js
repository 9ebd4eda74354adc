// The deep-linking response goes back to the LMS by a form post; without scripts the button does it.
(function () {
  const form = document.getElementById("lti-dl-return");
  if (form) form.submit();
})();
