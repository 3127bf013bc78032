// Resume builder: with JavaScript the preview follows the text (htmx), so the
// "Preview" button is hidden; a warning guards unsaved changes when leaving.
(function () {
  document.documentElement.classList.add("js");
  const form = document.getElementById("builder-form");
  if (!form) return;
  let dirty = false;
  form.addEventListener("input", () => { dirty = true; });
  form.addEventListener("submit", () => { dirty = false; });
  document.body.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.elt === form && event.detail.successful) dirty = false;
  });
  window.addEventListener("beforeunload", (event) => {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });
  // Ctrl/Cmd+S saves.
  form.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "s") {
      event.preventDefault();
      form.requestSubmit(form.querySelector('button[value="save"]'));
    }
  });
})();
