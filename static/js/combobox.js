/* The ARIA 1.2 combobox with a list of suggestions that htmx fetches as one types
   (taxonomy/templates/taxonomy/combobox.html). Arrow keys move through the suggestions,
   Enter chooses, Escape closes; the choice is kept in a hidden field beside the text.
   Without this script the text alone is sent, and the server resolves it. */
(function () {
  "use strict";

  function setup(box) {
    if (box.hasAttribute("data-combobox-ready")) { return; }
    box.setAttribute("data-combobox-ready", "");
    var input = box.querySelector("[role=combobox]");
    var list = box.querySelector("[role=listbox]");
    var hidden = box.querySelector("[data-combobox-value]");
    var status = box.querySelector("[data-combobox-status]");
    var active = -1;

    function options() {
      return Array.prototype.slice.call(list.querySelectorAll("[role=option]:not([aria-disabled=true])"));
    }
    function expand() {
      var any = list.querySelector("[role=option]") !== null;
      list.hidden = !any;
      input.setAttribute("aria-expanded", any ? "true" : "false");
    }
    function collapse() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function highlight(index) {
      var all = options();
      if (!all.length) { return; }
      active = (index + all.length) % all.length;
      all.forEach(function (option, n) { option.setAttribute("aria-selected", n === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({block: "nearest"});
    }
    function choose(option) {
      input.value = option.getAttribute("data-label");
      hidden.value = option.getAttribute("data-value");
      collapse();
      status.textContent = box.getAttribute("data-chosen").replace("{label}", input.value);
    }

    input.addEventListener("input", function () { hidden.value = ""; });
    input.addEventListener("keydown", function (event) {
      var open = input.getAttribute("aria-expanded") === "true";
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!open) { expand(); }
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        choose(options()[active]);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        collapse();
      }
    });
    input.addEventListener("blur", collapse);
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option && option.getAttribute("aria-disabled") !== "true") { choose(option); }
    });
    list.addEventListener("htmx:afterSwap", function () {
      active = -1;
      expand();
      status.textContent = box.getAttribute("data-found").replace("{n}", String(options().length));
    });
  }

  function setupAll(root) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-combobox]"), setup);
  }
  document.addEventListener("DOMContentLoaded", function () { setupAll(document); });
  document.addEventListener("htmx:afterSettle", function (event) { setupAll(event.detail.elt.parentNode || document); });
}());
