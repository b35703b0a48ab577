/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";
  // Move focus to the main landmark after an in-page skip link, for browsers that do not.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.skip-link");
    if (!link) return;
    var target = document.getElementById(link.hash.slice(1)) || document.getElementById("main");
    if (target) { target.focus(); }
  });
})();

/* Move focus to an error summary when a form comes back with errors. */
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
});
