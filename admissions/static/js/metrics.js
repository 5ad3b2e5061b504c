// Refresh the live panel of the metrics dashboard in place; without JavaScript the Refresh link reloads the page.
(function () {
  var panel = document.getElementById("live");
  if (!panel || !window.fetch) return;
  var url = panel.getAttribute("data-refresh-url");
  var seconds = parseInt(panel.getAttribute("data-refresh-seconds"), 10) || 30;
  function refresh() {
    if (document.hidden) return;
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html) panel.innerHTML = html; })
      .catch(function () { /* keep the last figures; the next tick tries again */ });
  }
  window.setInterval(refresh, seconds * 1000);
})();
