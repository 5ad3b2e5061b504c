// Quick exit: leave for a neutral site without leaving this page in the back history.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("[data-quick-exit]");
  if (!link) return;
  event.preventDefault();
  window.location.replace(link.href);
});
document.addEventListener("keydown", function (event) {
  if (event.key === "Escape" && event.shiftKey) {
    var link = document.querySelector("[data-quick-exit]");
    if (link) window.location.replace(link.href);
  }
});
