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

// A date input reports a new value at each keystroke once its three parts hold digits: typing 2025 into the
// year gives 0002, 0020, 0202 and only then 2025. Send only whole dates, so no request (and no Back entry)
// carries a half-typed year; and while a date is half-typed, say beside it that it holds the other filters
// back, rather than sending a request that silently leaves it out. The server refuses such years too.
const FIRST_YEAR = 1900;
const HALF_TYPED = "Finish this date (YYYY-MM-DD, from 1900 on): until then it blocks the other filters.";

function isHalfTyped(input) {
  if (input.validity.badInput) return true;
  return input.value !== "" && Number(input.value.slice(0, 4)) < FIRST_YEAR;
}

function sayHalfTyped(input, halfTyped) {
  let message = document.getElementById(`error-${input.name}`);
  if (!message && halfTyped) {
    message = document.createElement("p");
    message.className = "field-error";
    message.id = `error-${input.name}`;
    input.after(message);
  }
  if (!message) return;
  if (halfTyped) {
    message.textContent = HALF_TYPED;
    message.dataset.halfTyped = "true";
  } else if (message.dataset.halfTyped) {
    message.textContent = "";
    delete message.dataset.halfTyped;
  }
}

document.addEventListener("htmx:confirm", (event) => {
  const form = event.detail.elt;
  if (!form.matches || !form.matches("form.controls")) return;
  let blocked = false;
  for (const input of form.querySelectorAll('input[type="date"]')) {
    const halfTyped = isHalfTyped(input);
    sayHalfTyped(input, halfTyped);
    blocked = blocked || halfTyped;
  }
  if (blocked) event.preventDefault();
});
