// The reason form (app/shell/gate.py): Enter in the case field, or on a purpose, opens the family, as
// the button does; the server checks the reason either way (app/shell/justify.py).
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.isComposing) { return; }
    var form = document.getElementById("justify-form");
    if (!form || !form.contains(event.target) || event.target.tagName === "BUTTON") { return; }
    var button = form.querySelector("button.justify-submit");
    if (button) { event.preventDefault(); button.click(); }
  }, true);
})();
