// Call-back form: show the 911/988 guidance as soon as an emergency answer is ticked.
// Without JavaScript the server shows the same guidance when the form is sent.
(function () {
  var form = document.getElementById("callback-form");
  var guidance = document.getElementById("emergency-guidance");
  if (!form || !guidance) return;
  function checked(name) {
    var box = form.querySelector('input[name="' + name + '"]');
    return !!(box && box.checked);
  }
  function update() {
    var emergency = checked("overdose_now") || checked("suicidal_thoughts") ||
      (checked("pregnant") && checked("in_withdrawal"));
    guidance.hidden = !emergency;
  }
  form.addEventListener("change", function (event) {
    if (event.target.closest && event.target.closest("[data-emergency-questions]")) update();
  });
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
