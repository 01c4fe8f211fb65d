// After htmx replaces part of a page (a milestone row updated in place), keep the keyboard
// focus where the person was working instead of letting it fall back to the top of the page:
// on the first field with an error, else on the part's own toggle or first control, else on
// the part itself.
(function () {
  "use strict";
  var pending = null;

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    var active = document.activeElement;
    var hadFocus = !!(target && active && (target === active || target.contains(active)));
    pending = hadFocus && target.id ? target.id : null;
  });

  document.addEventListener("htmx:afterSwap", function () {
    if (!pending) {
      return;
    }
    var part = document.getElementById(pending);
    pending = null;
    if (!part || (document.activeElement && part.contains(document.activeElement))) {
      return;
    }
    var next =
      part.querySelector('[aria-invalid="true"]') ||
      part.querySelector("summary") ||
      part.querySelector("a[href], button, input, select, textarea");
    if (!next) {
      part.setAttribute("tabindex", "-1");
      next = part;
    }
    next.focus();
  });
})();
