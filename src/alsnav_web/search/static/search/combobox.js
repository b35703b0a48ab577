/* The header search box as an ARIA combobox with a list of suggestions
   (WAI-ARIA Authoring Practices, "Editable Combobox With List Autocomplete").

   HTMX fetches the options (debounced) into the listbox; this file adds the combobox roles and
   states and the keyboard: Down/Up move through the options, Enter opens the chosen one, Escape
   closes the list (a second Escape clears the box), Tab leaves. Without JavaScript the box is a
   plain search field and the form still submits to /search/. */
(function () {
  "use strict";

  function init(input) {
    var listbox = document.getElementById(input.getAttribute("data-listbox"));
    var status = document.getElementById(input.getAttribute("data-status"));
    if (!listbox) { return; }
    var active = -1;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);

    function options() { return listbox.querySelectorAll('[role="option"]'); }
    function isOpen() { return input.getAttribute("aria-expanded") === "true"; }

    function announce(text) { if (status) { status.textContent = text; } }

    function setActive(index) {
      var all = options();
      active = index;
      for (var i = 0; i < all.length; i++) {
        all[i].setAttribute("aria-selected", i === index ? "true" : "false");
      }
      if (index >= 0 && all[index]) {
        input.setAttribute("aria-activedescendant", all[index].id);
        if (all[index].scrollIntoView) { all[index].scrollIntoView({ block: "nearest" }); }
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function open() {
      if (!options().length) { close(); return; }
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }

    function choose(option) {
      var href = option && option.getAttribute("data-href");
      if (href) { window.location.assign(href); }
    }

    function refreshed() {
      var count = options().length;
      setActive(-1);
      if (count && document.activeElement === input && input.value.trim().length >= 2) {
        open();
        var n = count - 1;  // the last option is "See all results"
        announce(n + (n === 1 ? " suggestion" : " suggestions") + ". Use the up and down arrow keys to choose, then press Enter.");
      } else {
        close();
        announce(input.value.trim().length >= 2 ? "No suggestions." : "");
      }
    }

    input.addEventListener("keydown", function (event) {
      var all = options();
      switch (event.key) {
        case "ArrowDown":
          if (!all.length) { return; }
          event.preventDefault();
          if (!isOpen()) { open(); setActive(0); return; }
          setActive(active + 1 >= all.length ? 0 : active + 1);
          break;
        case "ArrowUp":
          if (!all.length) { return; }
          event.preventDefault();
          if (!isOpen()) { open(); setActive(all.length - 1); return; }
          setActive(active <= 0 ? all.length - 1 : active - 1);
          break;
        case "Enter":
          if (isOpen() && active >= 0) {
            event.preventDefault();
            choose(all[active]);
          }
          break;
        case "Escape":
          if (isOpen()) {
            event.preventDefault();
            close();
          } else if (input.value) {
            event.preventDefault();
            input.value = "";
            announce("");
          }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    input.addEventListener("input", function () {
      if (input.value.trim().length < 2) { listbox.innerHTML = ""; close(); }
    });

    listbox.addEventListener("mousedown", function (event) {
      event.preventDefault();  // keep focus in the box while clicking an option
    });
    listbox.addEventListener("click", function (event) {
      var option = event.target.closest && event.target.closest('[role="option"]');
      if (option) { choose(option); }
    });

    input.addEventListener("blur", function () { close(); });
    input.addEventListener("focus", function () { if (options().length && input.value.trim().length >= 2) { open(); } });

    document.body.addEventListener("htmx:afterSwap", function (event) {
      if (event.detail && event.detail.target === listbox) { refreshed(); }
    });
  }

  function start() {
    var boxes = document.querySelectorAll("input[data-combobox]");
    for (var i = 0; i < boxes.length; i++) { init(boxes[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
