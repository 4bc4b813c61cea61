/* After a failed form, focus its error summary so that the reader hears it and the eye finds it. */
(function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.scrollIntoView({block: "start"});
  }
})();
