// Refresh the queue table in place; the page works without this (a plain reload shows the same).
(function () {
  var box = document.getElementById("queue-rows");
  if (!box || !window.fetch) return;
  var seconds = parseInt(box.getAttribute("data-refresh-seconds"), 10) || 15;
  function refresh() {
    if (document.hidden) return;
    fetch(box.getAttribute("data-refresh-url"), { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null) box.innerHTML = html; })
      .catch(function () { /* keep the last table; the next tick retries */ });
  }
  window.setInterval(refresh, seconds * 1000);
})();
