"""Reading edit forms the way a browser would: every field's current value, as it would be posted."""

import re
from html.parser import HTMLParser


class _FormFields(HTMLParser):
    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            if attrs.get("type") != "checkbox" or "checked" in attrs:
                self.values[name] = attrs.get("value") or ("on" if attrs.get("type") == "checkbox" else "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""
        elif tag == "select" and name:
            self._select = name
            self.values.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            # A textarea's first newline is not part of its value (an HTML parsing rule).
            self.values[self._textarea] = self.values[self._textarea].removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data


def form_values(response) -> dict[str, str]:
    """The fields of the page's edit form with the values it shows, ready to post back."""
    assert response.status_code in (200, 409), response.status_code
    html = response.content.decode()
    form = re.search(r'<form method="post" class="edit-form".*?</form>', html, re.S).group(0)
    parser = _FormFields()
    parser.feed(form)
    return parser.values
