"""Small helpers for reading pages and downloads in the UI tests."""

import csv
import io
import re
from html.parser import HTMLParser

from decisions.models import Case


def case_by_dnr(dnr: str) -> Case:
    return Case.objects.get(dnr=dnr)


def page(response) -> str:
    """The HTML of a page that answered 200."""
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def csv_rows(response) -> list[list[str]]:
    """The rows of a streamed CSV download."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def text_of(html: str) -> str:
    """The page's text with tags dropped and white space collapsed, for reading facts off it."""
    parser = _Text()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


INLINE = {"a", "span", "strong", "em", "mark", "abbr", "b", "i"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_starttag(self, tag, attrs):
        if tag not in INLINE:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag not in INLINE:
            self.parts.append(" ")


def mark_of(html: str) -> str:
    """The text inside the page's <mark id="markerat">, unescaped."""
    import html as html_module

    found = re.search(r'<mark id="markerat">(.*?)</mark>', html, re.S)
    return html_module.unescape(found.group(1)) if found else ""
