/* The period slider in month names: its tooltips (dcc tooltip transform "monthName") and the
   handles' aria-valuetext, so screen readers say "March 2023", not "50". The first month of the
   store and the names in the page's language come from the page (#period-origin data-first="YYYY-MM",
   data-months, data-long, data-first-label, data-last-label); English when the page gives none. */
(function () {
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var LONG = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];

  function fromPage(name, fallback) {
    var origin = document.getElementById("period-origin");
    var value = origin ? origin.getAttribute(name) : null;
    return value || fallback;
  }

  function names(name, fallback) {
    var list = fromPage(name, "").split("|");
    return list.length === 12 ? list : fallback;
  }

  function monthAt(index) {
    var origin = document.getElementById("period-origin");
    var first = origin ? origin.getAttribute("data-first") : null;
    var parts = /^(\d{4})-(\d{2})$/.exec(first || "");
    if (!parts) { return null; }
    var total = Number(parts[1]) * 12 + Number(parts[2]) - 1 + Math.round(Number(index));
    return { year: Math.floor(total / 12), month: total % 12 };
  }

  window.dccFunctions = window.dccFunctions || {};
  window.dccFunctions.monthName = function (index) {
    var at = monthAt(index);
    return at ? names("data-months", MONTHS)[at.month] + " " + at.year : String(index);
  };

  function nameHandles() {
    var handles = document.querySelectorAll("#period-slider [role='slider']");
    for (var i = 0; i < handles.length; i += 1) {
      var at = monthAt(handles[i].getAttribute("aria-valuenow"));
      var text = at ? names("data-long", LONG)[at.month] + " " + at.year : null;
      if (text && handles[i].getAttribute("aria-valuetext") !== text) {
        handles[i].setAttribute("aria-valuetext", text);
        handles[i].setAttribute("aria-label", i === 0
          ? fromPage("data-first-label", "First month of the period")
          : fromPage("data-last-label", "Last month of the period"));
      }
    }
  }

  new MutationObserver(nameHandles).observe(document.documentElement, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["aria-valuenow"]
  });
})();
