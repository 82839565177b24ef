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

// One state on screen. The server renders each page's results from one view state and writes it on them
// (data-state: its canonical query string, the one it also pushes as the address). The form shows that state,
// whatever changed the results: a control, a facet, sort or a page link; after Back and Forward (htmx restores
// a snapshot, in which fields show what the page was first served with); after the browser restores typed
// values on reload; and after a request that failed, when the results on screen are still the earlier ones.

// The region a form's requests swap (its own hx-target, or the one it inherits).
function resultsOf(form) {
  const holder = form.closest("[hx-target]");
  return holder ? document.querySelector(holder.getAttribute("hx-target")) : null;
}

function stateOf(form) {
  const results = resultsOf(form);
  return results && results.dataset.state !== undefined ? new URLSearchParams(results.dataset.state) : null;
}

// Set the form's fields to `params`. `keepTyping`: a text field the reader is typing in keeps what they typed (the
// request for it follows); menus and boxes always follow.
function showState(form, params, { keepTyping = false } = {}) {
  for (const field of form.elements) {
    if (!field.name || field.type === "submit" || field.type === "button") continue;
    if (keepTyping && field === document.activeElement && field.tagName === "INPUT") continue;
    if (field.type === "checkbox" || field.type === "radio") {
      field.checked = params.getAll(field.name).includes(field.value);
    } else {
      field.value = params.get(field.name) ?? "";
      if (field.tagName === "SELECT" && field.selectedIndex < 0) field.selectedIndex = 0;
    }
  }
  for (const group of form.querySelectorAll("details.topics")) {
    const chosen = group.querySelectorAll("input:checked").length;
    group.querySelector(".chosen-count").textContent = chosen ? ` (${chosen} chosen)` : "";
  }
}

function followResults(options) {
  for (const form of document.querySelectorAll("form.controls")) {
    const state = stateOf(form);
    if (state) showState(form, state, options);
  }
}

document.addEventListener("htmx:afterSwap", (event) => {
  if (event.target.dataset && event.target.dataset.state !== undefined) {
    document.querySelectorAll(`.update-failed[data-for="${event.target.id}"]`).forEach((alert) => alert.remove());
    followResults({ keepTyping: true });
  }
});
document.addEventListener("htmx:historyRestore", () => followResults());
window.addEventListener("pageshow", () => followResults());

// A request that fails (the network, or the server: a 503 with Retry-After when it is busy, a 429 when this
// reader has had its share of fresh renders lately) swaps nothing: say so beside the results, which are still
// the earlier ones, put the form back on them, and offer to send the same request again.
function failureMessage(detail) {
  const xhr = detail.xhr;
  if (!xhr || !xhr.status) return "the connection to the server failed.";
  const wait = xhr.getResponseHeader("Retry-After");
  if (xhr.status === 503) return `the server is busy${wait ? `; try again in ${wait} seconds` : ""}.`;
  if (xhr.status === 429) {
    return `you have asked for many new pages in a short time${wait ? `; try again in ${wait} seconds` : ""}.`;
  }
  return `the server answered with an error (${xhr.status}).`;
}

function retry(elt, path) {
  if (elt.matches("form")) {
    showState(elt, new URL(path, window.location.href).searchParams);
    elt.requestSubmit();
  } else {
    htmx.ajax("GET", path, { source: elt });
  }
}

function sayFailed(event) {
  const { elt, target, pathInfo } = event.detail;
  if (!target || !target.isConnected) return;
  document.querySelectorAll(`.update-failed[data-for="${target.id}"]`).forEach((alert) => alert.remove());
  const alert = document.createElement("div");
  alert.className = "notice notice-error update-failed";
  alert.setAttribute("role", "alert");
  alert.dataset.for = target.id;
  const text = document.createElement("p");
  text.textContent = `Not updated: ${failureMessage(event.detail)} What is shown below is still the earlier result, and the form shows its filters again.`;
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = "Retry";
  button.addEventListener("click", () => {
    alert.remove();
    retry(elt, pathInfo.finalRequestPath);
  });
  alert.append(text, button);
  target.before(alert);
  if (elt.matches("form.controls")) {
    const state = stateOf(elt);
    if (state) showState(elt, state);
  }
}

document.addEventListener("htmx:responseError", sayFailed);
document.addEventListener("htmx:sendError", sayFailed);

// Menus commit, not browse. Arrowing through a closed menu (or typing its first letters) changes its value at
// each step, and Chromium reports a change at each step: a request and a Back entry per option passed. A menu
// changed from the keyboard is applied when the reader commits it, with Enter or by leaving the menu; one
// chosen with the mouse (or in its open list) is applied at once. Without JavaScript the form's button applies.
const BROWSING_KEYS = new Set(["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown"]);

function autoApplies(select) {
  return select.form && select.form.matches("form.controls") && (select.form.getAttribute("hx-trigger") || "").includes("change");
}

function commit(select) {
  if (!select.dataset.browsing) return;
  delete select.dataset.browsing;
  const state = stateOf(select.form);
  if (!state || (state.get(select.name) ?? "") !== select.value) select.form.requestSubmit();
}

document.addEventListener("keydown", (event) => {
  const select = event.target;
  if (select.tagName !== "SELECT" || !autoApplies(select)) return;
  if (event.key === "Enter" && select.dataset.browsing) {
    event.preventDefault();
    commit(select);
  } else if (!event.altKey && !event.ctrlKey && !event.metaKey && (BROWSING_KEYS.has(event.key) || event.key.length === 1)) {
    select.dataset.browsing = "true";
  }
});
document.addEventListener("pointerdown", (event) => {
  if (event.target.tagName === "SELECT") delete event.target.dataset.browsing;
});
document.addEventListener("focusout", (event) => {
  if (event.target.tagName === "SELECT" && autoApplies(event.target)) commit(event.target);
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

// The form's values as pairs, empty fields left out (as the server leaves them out of the state).
function pairsOf(params, { leaveOut = [] } = {}) {
  return [...params].filter(([name, value]) => value !== "" && !leaveOut.includes(name)).map(([name, value]) => `${name}=${value}`).sort().join("&");
}

// Does the form ask for the state already shown? (A text field's change when it is left, after its typing
// was sent already.) The page number is no field: a change of filters starts again at page 1.
function asksForTheStateShown(form) {
  const state = stateOf(form);
  return state !== null && pairsOf(new FormData(form)) === pairsOf(state, { leaveOut: ["page"] });
}

document.addEventListener("htmx:confirm", (event) => {
  const form = event.detail.elt;
  if (!form.matches || !form.matches("form.controls")) return;
  // A menu being browsed from the keyboard holds its change back until it is committed (above); a change
  // that asks for what is shown sends nothing (and adds no Back entry).
  const changed = event.detail.triggeringEvent && event.detail.triggeringEvent.target;
  if ((changed && changed.tagName === "SELECT" && changed.dataset.browsing) || asksForTheStateShown(form)) {
    event.preventDefault();
    return;
  }
  let blocked = false;
  for (const input of form.querySelectorAll('input[type="date"]')) {
    const halfTyped = isHalfTyped(input);
    sayHalfTyped(input, halfTyped);
    blocked = blocked || halfTyped;
  }
  if (blocked) event.preventDefault();
});

// Cite this: a Copy button after each citation, made here, so that without JavaScript there is no button that
// does nothing (the citation stays selectable text). It copies the citation as its text reads, the permalink
// included; where the page may not write to the clipboard, it selects the text and says how to copy it.
function addCopyButtons(root) {
  for (const citation of root.querySelectorAll(".cite .citation")) {
    if (citation.nextElementSibling && citation.nextElementSibling.classList.contains("copy-citation")) continue;
    const holder = document.createElement("p");
    holder.className = "copy-citation";
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "Copy the citation";
    const status = document.createElement("span");
    status.className = "copy-status";
    status.setAttribute("role", "status");
    holder.append(button, " ", status);
    citation.after(holder);
    button.addEventListener("click", () => copyCitation(citation, status));
  }
}

function selectText(element) {
  const range = document.createRange();
  range.selectNodeContents(element);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}

function copyCitation(citation, status) {
  const text = citation.textContent.trim();
  const fallBack = () => {
    selectText(citation);
    status.textContent = "Selected: press Ctrl+C (⌘C on a Mac) to copy.";
  };
  if (!navigator.clipboard || !window.isSecureContext) {
    fallBack();
    return;
  }
  navigator.clipboard.writeText(text).then(() => {
    status.textContent = "Copied.";
  }, fallBack);
}

addCopyButtons(document);
// The compare page's citation comes back with each swap of its results.
document.addEventListener("htmx:load", (event) => addCopyButtons(event.detail.elt.parentElement || document));

// A query the server refuses (400: the grid's columns named wrongly, say) answers with the results region saying
// what to correct: show it in place of the results, as a page load would, rather than "Not updated". The address
// stays (the server pushes none for a refused query).
document.addEventListener("htmx:beforeSwap", (event) => {
  const { xhr, target } = event.detail;
  if (xhr && xhr.status === 400 && target && target.dataset && target.dataset.state !== undefined) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// The compare page's "Change" (in the summary of its controls) opens the controls and moves into them; it never
// closes them, as a click on the summary would (the rest of the summary still opens and closes them). Without
// JavaScript it is part of the summary, and toggles with it.
document.addEventListener("click", (event) => {
  const change = event.target.closest ? event.target.closest(".controls-change") : null;
  const panel = change && change.closest("details");
  if (!panel) return;
  event.preventDefault();
  panel.open = true;
  const first = panel.querySelector("form select, form input, form button");
  if (first) first.focus();
});

// --- Feeds: the head's feed link names the feed of the results shown. -------------------------------------------
// Feed readers and browser add-ons find a page's feed in its head, which htmx leaves as the page was first served:
// after the explorer's results change in place, or come back with Back, point it at the feed their own link names.
function followFeed(root) {
  const shown = root.querySelector && root.querySelector("a[data-feed]");
  const announced = document.head.querySelector('link[rel="alternate"][type="application/atom+xml"]');
  if (!shown || !announced) return;
  announced.href = new URL(shown.dataset.feed, window.location.href).href;
  announced.title = shown.dataset.feedTitle;
}
document.addEventListener("htmx:afterSwap", (event) => followFeed(event.target));
document.addEventListener("htmx:historyRestore", () => followFeed(document));

// Results brought into view. A list's filters fold above its results (the explorer's behind a summary), so on a
// phone a change in them, or a page link at the foot of the results, swaps results the reader cannot see. After a
// swap asked for by the form, the results' top comes on screen unless it is there already with their first line;
// after one asked for by a link in the results (a page, a facet, the sort), which the swap takes away with the
// focus, the results are focused too (tabindex=-1). Never while words are being typed: the request follows each
// pause, and the page would move under the reader's fingers.
document.addEventListener("htmx:afterSwap", (event) => {
  const results = event.target;
  const { elt, triggeringEvent } = event.detail.requestConfig || {};
  if (results.id !== "results" || !results.isConnected || !elt) return;
  if (triggeringEvent && triggeringEvent.type === "input") return;
  const fromForm = elt.matches("form.controls");
  if (!fromForm && !elt.matches("a")) return;
  const head = results.firstElementChild || results;
  if (results.getBoundingClientRect().top < 0 || head.getBoundingClientRect().bottom > window.innerHeight) {
    results.scrollIntoView({ block: "start" });
  }
  if (!fromForm) results.focus({ preventScroll: true });
});
