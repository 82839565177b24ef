// Provenance toggles: the link opens the term's provenance inline (htmx fetches it);
// activating it again closes it instead of fetching. Without JavaScript the link opens the full page.
document.addEventListener("htmx:beforeRequest", (event) => {
  const toggle = event.detail.elt;
  if (!toggle.classList || !toggle.classList.contains("provenance-toggle")) return;
  if (toggle.getAttribute("aria-expanded") === "true") {
    event.preventDefault();
    document.getElementById(toggle.getAttribute("aria-controls")).replaceChildren();
    toggle.setAttribute("aria-expanded", "false");
    toggle.textContent = "Quote and source";
  }
});

document.addEventListener("htmx:afterSwap", (event) => {
  const toggle = event.detail.requestConfig && event.detail.requestConfig.elt;
  if (toggle && toggle.classList && toggle.classList.contains("provenance-toggle")) {
    toggle.setAttribute("aria-expanded", "true");
    toggle.textContent = "Hide quote and source";
  }
});

// Back and Forward restore htmx's snapshot of the page, in which form fields show what the page was
// served with, not what the person typed since. Set them from the restored URL, so the next change
// filters from what the page says.
document.addEventListener("htmx:historyRestore", () => {
  const params = new URLSearchParams(window.location.search);
  for (const form of document.querySelectorAll("form.controls")) {
    for (const field of form.elements) {
      if (!field.name) continue;
      if (field.type === "checkbox") {
        field.checked = params.getAll(field.name).includes(field.value);
      } else if (field.type !== "submit" && field.type !== "hidden") {
        field.value = params.get(field.name) ?? "";
      }
    }
  }
});
