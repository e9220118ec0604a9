/* Accessibility mends for what Dash's own components render (checked with axe-core in the browser tests):
   - radio items and checklists render role="listbox" holding role="option" labels that wrap inputs
     (nested interactive controls, an unnamed listbox): they become a named radiogroup / group of plain
     labelled inputs;
   - a dropdown's keyboard focus target is a focusable input hidden from assistive technology: it is
     shown to it instead, named after the field's label and the current choice. */
(function () {
  function labelText(id) {
    var label = id ? document.querySelector("label[for='" + id + "'], #" + CSS.escape(id) + "-label") : null;
    return label ? label.textContent.trim() : "";
  }

  function mendChoices(root) {
    var lists = root.querySelectorAll(".dash-radioitems[role='listbox'], .dash-checklist[role='listbox']");
    for (var i = 0; i < lists.length; i += 1) {
      var list = lists[i];
      list.setAttribute("role", list.classList.contains("dash-radioitems") ? "radiogroup" : "group");
      var label = list.id ? document.getElementById(list.id + "-label") : null;
      if (label && !list.hasAttribute("aria-labelledby")) { list.setAttribute("aria-labelledby", label.id); }
      var options = list.querySelectorAll("[role='option']");
      for (var j = 0; j < options.length; j += 1) {
        options[j].removeAttribute("role");
        options[j].removeAttribute("aria-selected");
      }
    }
  }

  function mendDropdowns(root) {
    var targets = root.querySelectorAll(".dash-dropdown-focus-target[aria-hidden='true']");
    for (var i = 0; i < targets.length; i += 1) {
      var target = targets[i];
      var button = target.parentElement ? target.parentElement.querySelector("button.dash-dropdown") : null;
      target.removeAttribute("aria-hidden");
      if (button) {
        var value = button.querySelector(".dash-dropdown-value");
        var name = labelText(button.id) || button.id;
        target.setAttribute("aria-label", name + (value ? ": " + value.textContent.trim() : ""));
        target.setAttribute("aria-haspopup", "listbox");
      }
    }
  }

  function mend() { mendChoices(document); mendDropdowns(document); }
  new MutationObserver(mend).observe(document.documentElement, { subtree: true, childList: true });
  document.addEventListener("DOMContentLoaded", mend);
})();
