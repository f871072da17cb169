/* After a refused action, focus goes to what says why (WCAG 3.3.1, 2.4.3). Without JavaScript the
   form's action carries the part's anchor, so the page opens scrolled to it, and the error summary
   has `autofocus` — which browsers skip when the address has an anchor; here it is honoured. After
   an htmx swap, the error summary in the swapped part takes focus. */
(function () {
  "use strict";
  function focusSummary(root) {
    var summary = root.querySelector(".error-summary");
    if (summary) {
      if (!summary.hasAttribute("tabindex")) { summary.setAttribute("tabindex", "-1"); }
      summary.focus();
    }
  }
  // After "load": the browser's own scrolling to the address's anchor comes first.
  window.addEventListener("load", function () {
    var marked = document.querySelector(".error-summary[autofocus]");
    if (marked && document.activeElement !== marked) { marked.focus(); }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    focusSummary(event.detail.elt);
  });
}());
