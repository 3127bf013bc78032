/*
 * The job board's drag and drop (native HTML5 drag and drop + htmx, no library).
 *
 * The board works without this file: every card has a "Move" form that posts to the
 * same URL. Here we only add:
 *  - dragging a card between or within columns: the drop posts status, position and
 *    the card's version to the card's move URL (data-move-url) with htmx, and the
 *    board that comes back replaces #board (the result message goes to the page's
 *    live region). A move made from a stale board is refused by the server, which
 *    answers with a message and the fresh board;
 *  - one "Move" menu open at a time; Escape closes it and returns focus to its button.
 */
(function () {
  "use strict";

  var JOB_TYPE = "application/x-careercoach-job";
  var dragged = null; // the card being dragged
  var overColumn = null; // the column under the pointer
  var marker = null; // the line that shows where the card will land

  function board() {
    return document.getElementById("board");
  }

  function cardsOf(list) {
    return Array.prototype.filter.call(list.children, function (el) {
      return el.classList.contains("job-card") && el !== dragged;
    });
  }

  /* Where a drop at vertical position y lands among the list's cards (the dragged one left out). */
  function dropIndex(list, y) {
    var cards = cardsOf(list);
    for (var i = 0; i < cards.length; i++) {
      var rect = cards[i].getBoundingClientRect();
      if (y < rect.top + rect.height / 2) return i;
    }
    return cards.length;
  }

  /*
   * The position the server expects: the index in the target column, counting without
   * the moved card. With filters on, some cards of the column are not shown, so the
   * index among the visible cards is not the index in the column: the neighbour's own
   * position (kept dense 0..n-1 by the server) tells where it really lands.
   */
  function targetPosition(list, index) {
    var filtered = board().dataset.filtered === "true";
    if (!filtered) return String(index);
    var cards = cardsOf(list);
    var sameColumn = dragged.dataset.status === list.dataset.status;
    var from = Number(dragged.dataset.position);
    var neighbour = cards[index] || cards[cards.length - 1];
    if (!neighbour) return ""; // an empty (filtered) column: the bottom
    var at = Number(neighbour.dataset.position) + (cards[index] ? 0 : 1);
    if (sameColumn && from < at) at -= 1;
    return String(Math.max(at, 0));
  }

  function csrfToken() {
    var input = board().querySelector("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function showMarker(list, index) {
    if (!marker) {
      marker = document.createElement("li");
      marker.className = "board-drop-marker";
      marker.setAttribute("aria-hidden", "true");
    }
    var cards = cardsOf(list);
    var before = cards[index] || null;
    if (marker.parentNode !== list || marker.nextElementSibling !== before) {
      list.insertBefore(marker, before);
    }
  }

  function clearDropState() {
    if (marker && marker.parentNode) marker.parentNode.removeChild(marker);
    if (overColumn) overColumn.classList.remove("is-drop-target");
    overColumn = null;
  }

  function endDrag() {
    clearDropState();
    if (dragged) dragged.classList.remove("is-dragging");
    dragged = null;
  }

  function announce(text, level) {
    var region = document.getElementById("messages");
    if (!region) return;
    var alert = document.createElement("div");
    alert.className = "alert alert-" + (level || "error");
    alert.setAttribute("role", level === "success" ? "status" : "alert");
    alert.textContent = text;
    region.replaceChildren(alert);
    if (window.htmx) window.htmx.process(alert);
  }

  function reloadBoard() {
    if (!window.htmx) return window.location.reload();
    if (!navigator.onLine) return null;
    return window.htmx.ajax("GET", window.location.pathname + window.location.search, {
      target: "#board",
      swap: "outerHTML",
    });
  }

  function send(card, status, position) {
    var root = board();
    var values = {
      status: status,
      version: card.dataset.version,
      csrfmiddlewaretoken: csrfToken(),
    };
    if (position !== "") values.position = position;
    root.classList.add("is-saving");
    root.setAttribute("aria-busy", "true");
    if (!window.htmx) {
      // No htmx (should not happen): fall back to the card's own form.
      var form = card.querySelector(".job-card-move-form");
      if (form) {
        form.elements.status.value = status;
        form.submit();
      }
      return;
    }
    window.htmx.ajax("POST", card.dataset.moveUrl, { target: "#board", swap: "outerHTML", values: values });
  }

  // A failed request (server error, no connection) leaves the board as it was drawn
  // before the drop: say so, and fetch the board as the server has it.
  function failed(event) {
    var target = event.detail && event.detail.target;
    if (!target || target.id !== "board") return;
    var message = "That change could not be saved. Check your connection and try again.";
    target.classList.remove("is-saving");
    target.removeAttribute("aria-busy");
    // After the reload, whose (empty) message list would replace this one.
    Promise.resolve(reloadBoard()).then(function () {
      announce(message);
    }, function () {
      announce(message);
    });
  }
  document.addEventListener("htmx:responseError", failed);
  document.addEventListener("htmx:sendError", failed);

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".job-card");
    var root = board();
    if (!card || !root || !root.contains(card)) return;
    if (root.classList.contains("is-saving")) {
      event.preventDefault(); // one move at a time: the next one needs the fresh versions
      return;
    }
    dragged = card;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData(JOB_TYPE, card.dataset.jobId);
    event.dataTransfer.setData("text/plain", card.dataset.jobId);
    // After the browser has taken its picture of the card for the drag image.
    window.requestAnimationFrame(function () {
      if (dragged === card) card.classList.add("is-dragging");
    });
  });

  document.addEventListener("dragover", function (event) {
    if (!dragged) return;
    var column = event.target.closest && event.target.closest("#board .board-column");
    if (!column) {
      clearDropState();
      return;
    }
    event.preventDefault(); // allows the drop
    event.dataTransfer.dropEffect = "move";
    if (column !== overColumn) {
      clearDropState();
      overColumn = column;
      column.classList.add("is-drop-target");
    }
    var list = column.querySelector(".board-cards");
    showMarker(list, dropIndex(list, event.clientY));
  });

  document.addEventListener("drop", function (event) {
    var column = event.target.closest && event.target.closest("#board .board-column");
    if (!dragged || !column) return;
    event.preventDefault();
    var card = dragged;
    var list = column.querySelector(".board-cards");
    var index = dropIndex(list, event.clientY);
    var status = column.dataset.status;
    var position = targetPosition(list, index);
    var before = cardsOf(list)[index] || null; // computed while the dragged card is left out
    var from = Array.prototype.indexOf.call(card.parentNode.querySelectorAll(".job-card"), card);
    endDrag();
    if (card.dataset.status === status && from === index) return; // dropped where it was
    // Show the card where it was dropped at once; the server's board replaces it.
    var empty = list.querySelector(".board-column-empty");
    if (empty) empty.remove();
    list.insertBefore(card, before);
    send(card, status, position);
  });

  document.addEventListener("dragend", endDrag);

  // One "Move" menu open at a time.
  document.addEventListener(
    "toggle",
    function (event) {
      var details = event.target;
      if (!details.matches || !details.matches(".job-card-move") || !details.open) return;
      document.querySelectorAll(".job-card-move[open]").forEach(function (other) {
        if (other !== details) other.open = false;
      });
    },
    true
  );

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var details = event.target.closest && event.target.closest(".job-card-move[open], .quick-add[open]");
    if (!details) return;
    details.open = false;
    details.querySelector("summary").focus();
  });
})();
