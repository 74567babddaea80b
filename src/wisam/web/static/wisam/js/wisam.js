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

  // Move focus to an error summary (or other marked element) so that keyboard and screen-reader users hear it.
  function focusMarked(root) {
    var marked = root ? root.querySelector("[data-focus-after-swap]") : null;
    if (marked) {
      marked.focus();
    }
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    // With outerHTML swaps the event's target is the replaced node; look the live one up by its id.
    var target = event.detail.target;
    var live = target && target.id ? document.getElementById(target.id) : target;
    if (live && live.isConnected) {
      focusMarked(live);
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    focusMarked(document.getElementById("main"));
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
