"""What a page with controls says its state is, read three ways: its form's values, its address and its
result count. The tests of issue 19 assert that the three always describe one state."""

from urllib.parse import parse_qsl, urlsplit

from django.http import QueryDict

from negotiations.explorer.filters import DemandFilter

# The values the form would send, as name=value pairs: empty fields left out (the server drops them too).
FORM_VALUES = """(selector) => [...new FormData(document.querySelector(selector))]
  .filter(([, value]) => value !== "")
  .map(([name, value]) => `${name}=${value}`)"""


def form_state(page, selector="form.controls"):
    return sorted(page.evaluate(FORM_VALUES, selector))


def url_state(page, *, leave_out=("page",)):
    """The address's parameters as name=value pairs (the page number is not a form field)."""
    pairs = parse_qsl(urlsplit(page.url).query, keep_blank_values=True)
    return sorted(f"{name}={value}" for name, value in pairs if name not in leave_out)


def url_query(page):
    return urlsplit(page.url).query


def demand_count(query):
    """What the explorer lists for this query string, as its result count says it."""
    count = DemandFilter(QueryDict(query)).qs.count()
    return f"{count} demand{'' if count == 1 else 's'}"


# Every request htmx makes (it sends HX-Request), so a test can count them.
def record_htmx_requests(page):
    sent = []
    page.on("request", lambda request: sent.append(request.url) if request.headers.get("hx-request") else None)
    return sent


def open_filters(page):
    """A reader opens the controls folded behind the summary of their choice (the explorer's, the home page's), as
    a person does, by its summary; controls already open (the compare page's, a refused filter's) stay so."""
    panel = page.locator("details.controls-panel")
    if panel.get_attribute("open") is None:
        panel.locator("> summary").click()
