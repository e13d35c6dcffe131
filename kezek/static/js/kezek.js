// Behaviour every page may use, declared in the markup instead of inline handlers (the
// Content-Security-Policy allows scripts from this site only):
//   <select data-autosubmit>                      submits its form when changed
//   <select data-fill="ID">                       puts the chosen option's value into #ID
//   <... data-condition='{"question": KEY, ...}'> shown only while the condition holds
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("select[data-autosubmit]") && el.form) { el.form.submit(); }
    if (el.matches && el.matches("select[data-fill]")) {
      var target = document.getElementById(el.dataset.fill);
      if (target) { target.value = el.value; }
    }
  });

  // Survey questions: a section or question is shown only when its condition holds
  // (the server applies the same rule when the answers come in).
  function answerOf(key) {
    var box = document.querySelector('.sv-question[data-key="' + key + '"]');
    if (!box) { return null; }
    return Array.prototype.map.call(box.querySelectorAll("input:checked"), function (i) { return i.value; });
  }
  function holds(condition) {
    if (!condition || !condition.question) { return true; }
    var values = answerOf(condition.question) || [];
    if ("answered" in condition) { return (values.length > 0) === !!condition.answered; }
    return values.indexOf(String(condition.equals)) >= 0;
  }
  function refreshConditions() {
    document.querySelectorAll("[data-condition]").forEach(function (el) {
      el.hidden = !holds(JSON.parse(el.getAttribute("data-condition") || "{}"));
    });
  }
  document.addEventListener("change", refreshConditions);
  document.addEventListener("htmx:load", refreshConditions);
  refreshConditions();
})();
