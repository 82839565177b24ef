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
