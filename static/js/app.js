/*
 * CareerCoach progressive enhancement. Every page works without this file:
 * it only adds conveniences on top of plain HTML.
 *
 *  - <details class="nav-menu">: closes on outside click, on Escape and when
 *    another menu opens.
 *  - Flash messages (#messages .alert): get a close button; success messages
 *    fade out after a while unless the pointer or focus is on them.
 *  - <form data-confirm="…"> / <button data-confirm="…">: asks before submitting
 *    a plain (non-htmx) form. htmx elements should use hx-confirm instead.
 *  - The settings sidebar, a scrollable row on small screens, scrolls the current
 *    section into view.
 */
(function () {
  "use strict";

  var SUCCESS_DISMISS_MS = 7000;

  function closeMenus(except) {
    document.querySelectorAll("details.nav-menu[open]").forEach(function (menu) {
      if (menu !== except) menu.removeAttribute("open");
    });
  }

  document.addEventListener("click", function (event) {
    var menu = event.target.closest("details.nav-menu");
    closeMenus(menu);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector("details.nav-menu[open]");
    if (!open) return;
    open.removeAttribute("open");
    var summary = open.querySelector("summary");
    if (summary) summary.focus();
  });

  // Tabbing out of the menu closes it, so it never hides content behind it.
  document.addEventListener("focusin", function (event) {
    document.querySelectorAll("details.nav-menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });

  function dismiss(alert) {
    if (!alert.isConnected) return;
    alert.classList.add("is-leaving");
    window.setTimeout(function () {
      alert.remove();
    }, 220);
  }

  function enhanceAlert(alert) {
    if (alert.dataset.enhanced) return;
    alert.dataset.enhanced = "1";

    var button = document.createElement("button");
    button.type = "button";
    button.className = "alert-dismiss unstyled";
    button.setAttribute("aria-label", "Dismiss message");
    button.innerHTML = '<span aria-hidden="true">&times;</span>';
    button.addEventListener("click", function () {
      dismiss(alert);
    });
    alert.appendChild(button);

    if (!alert.classList.contains("alert-success")) return;
    var timer = null;
    var start = function () {
      timer = window.setTimeout(function () {
        dismiss(alert);
      }, SUCCESS_DISMISS_MS);
    };
    var pause = function () {
      window.clearTimeout(timer);
    };
    alert.addEventListener("mouseenter", pause);
    alert.addEventListener("focusin", pause);
    alert.addEventListener("mouseleave", start);
    alert.addEventListener("focusout", start);
    start();
  }

  function enhance(root) {
    if (!root || !root.querySelectorAll) return;
    if (root.matches && root.matches("#messages .alert")) enhanceAlert(root);
    // Selectors match against the whole document, so this also works when root is inside #messages.
    root.querySelectorAll("#messages .alert").forEach(enhanceAlert);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("hx-post") || form.hasAttribute("hx-put") || form.hasAttribute("hx-delete")) return;
    var submitter = event.submitter;
    var message = (submitter && submitter.dataset.confirm) || form.dataset.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  });

  document.addEventListener("DOMContentLoaded", function () {
    enhance(document);
    var current = document.querySelector('.settings-nav [aria-current="page"]');
    var row = current && current.closest("ul");
    if (row && row.scrollWidth > row.clientWidth) {
      var offset = current.getBoundingClientRect().left - row.getBoundingClientRect().left;
      row.scrollLeft += offset - (row.clientWidth - current.offsetWidth) / 2;
    }
  });

  // htmx calls this for every piece of content it swaps in (including out-of-band messages).
  document.addEventListener("htmx:load", function (event) {
    enhance(event.detail && event.detail.elt);
  });
})();
