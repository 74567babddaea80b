// Wisam's own script: htmx sends the CSRF token, focus follows swapped content, data-print buttons print.
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  document.addEventListener("htmx:configRequest", function (event) {
    // Django's CsrfViewMiddleware accepts the token from this header; the page's meta tag carries it.
    event.detail.headers["X-CSRFToken"] = csrfToken();
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    // After a swap, move focus to the first error (or the status message) so screen readers hear the outcome.
    var target = event.detail.target;
    if (!target || !target.querySelector) {
      return;
    }
    var focusable = target.querySelector("[data-focus-after-swap]");
    if (focusable) {
      focusable.focus();
    }
  });

  // Buttons marked data-print print the page (an onclick attribute would be blocked by the CSP).
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-print]") : null;
    if (button) {
      event.preventDefault();
      window.print();
    }
  });

  // Skip link: some browsers scroll to #main without moving keyboard focus; move it explicitly.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(".skip-link") : null;
    if (!link) {
      return;
    }
    var main = document.getElementById("main");
    if (main) {
      event.preventDefault();
      main.focus();
      main.scrollIntoView();
    }
  });
})();
