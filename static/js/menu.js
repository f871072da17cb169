/* The main menu is a <details> so that a phone shows a "Menu" button; on a wider screen it is
   kept open (and follows the window when it is resized past the breakpoint). */
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 48rem)");
  function follow() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-open-when-wide]"), function (menu) {
      menu.open = wide.matches;
    });
  }
  document.addEventListener("DOMContentLoaded", follow);
  if (wide.addEventListener) { wide.addEventListener("change", follow); }
}());
