// Quick exit: leave for a neutral site without leaving this page in the back history.
// Without JavaScript the control is a plain link and still leaves.
(function () {
  function leave() {
    var link = document.querySelector("[data-quick-exit]");
    if (link) window.location.replace(link.href);
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-quick-exit]");
    if (!link) return;
    event.preventDefault();
    leave();
  });
  // Esc twice within a second also leaves (one Esc alone closes menus and pickers as usual).
  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var now = Date.now();
    if (now - lastEscape < 1000) leave();
    lastEscape = now;
  });
})();
// A form that came back with errors: move focus to its summary so it is read out first.
(function () {
  var summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
})();
