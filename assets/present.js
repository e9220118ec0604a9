// Presentation mode keys: ← / → step the period or the saved views; Esc (or the Exit button) leaves
// presentation mode for the same view.
(function () {
  function leave() { window.location.assign("/" + window.location.search); }
  document.addEventListener("click", function (event) {
    if (event.target && event.target.id === "present-exit") { leave(); }
  });
  document.addEventListener("keydown", function (event) {
    var shell = document.getElementById("app-shell");
    if (!shell || !shell.classList.contains("presenting")) { return; }
    var target = event.target;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA")) { return; }
    var id = { ArrowRight: "present-next", ArrowLeft: "present-prev", PageDown: "present-next",
               PageUp: "present-prev" }[event.key];
    if (id) {
      var button = document.getElementById(id);
      if (button) { event.preventDefault(); button.click(); }
    } else if (event.key === "Escape") {
      leave();
    }
  });
})();
