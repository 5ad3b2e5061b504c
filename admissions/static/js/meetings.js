// Meetings: remember the browser's time zone (so the server can show "your time"), show the
// viewer's time on a meeting page when it differs, and offer "use my location". The pages work
// without this script.
(function () {
  var zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { zone = ""; }
  if (zone && document.cookie.indexOf("tz=" + zone) === -1) {
    document.cookie = "tz=" + zone + "; path=/; max-age=31536000; SameSite=Lax";
  }

  var meeting = document.querySelector("[data-meeting-zone]");
  var note = document.querySelector("[data-viewer-time-note]");
  var time = meeting && meeting.querySelector("time[data-viewer-time]");
  if (meeting && note && time && zone && zone !== meeting.getAttribute("data-meeting-zone")
      && !document.querySelector("[data-server-viewer-time]")) {
    var when = new Date(time.getAttribute("datetime"));
    var text = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
      weekday: "long", hour: "numeric", minute: "2-digit", timeZoneName: "short"
    }).format(when);
    note.textContent = note.getAttribute("data-label") + " " + text;
    note.hidden = false;
  }

  var button = document.querySelector("[data-near-me]");
  var form = document.querySelector("[data-meeting-search]");
  if (button && form && navigator.geolocation) {
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (position) {
        // Two decimals (about a kilometre) are enough to find a meeting and say little about the person.
        form.elements.near.value = position.coords.latitude.toFixed(2) + "," + position.coords.longitude.toFixed(2);
        form.submit();
      });
    });
  }
})();
