"""WCAG 2.1 AA structure every page shares: language, landmarks, one h1, labels, table headers."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from decisions.models import Body, Reservation, Unit

pytestmark = pytest.mark.django_db


class Structure(HTMLParser):
    """What a page is built from, as far as the checks below need."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if "id" in attrs:
            self.ids.append(attrs["id"])

    def all(self, tag):
        return [attrs for name, attrs in self.tags if name == tag]


def pages(register_cases) -> list[str]:
    nordic, skarholmen, vallentuna = register_cases
    reservation = Reservation.objects.filter(case=skarholmen).first()
    return [
        reverse("decisions:home"),
        reverse("decisions:case_list"),
        reverse("decisions:case_list") + "?party=L&date_from=2020-13-45",
        nordic.get_absolute_url() + f"?markera=uttalande-{nordic.statements.first().pk}",
        skarholmen.get_absolute_url(),
        reverse("decisions:person_list"),
        nordic.statements.first().authors.first().person.get_absolute_url(),
        reverse("decisions:party_detail", args=["L"]),
        Body.objects.first().get_absolute_url(),
        Unit.objects.first().get_absolute_url(),
        vallentuna.action_plans.get().get_absolute_url(),
        reverse("decisions:reservation_update", args=[skarholmen.pk, reservation.pk]),
        reverse("decisions:case_update", args=[skarholmen.pk]),
        reverse("decisions:proposal_create", args=[skarholmen.pk]),
    ]


@pytest.fixture
def every_page(registrator_client, nordic_safe_cities, skarholmen, vallentuna):
    urls = [(registrator_client, url) for url in pages((nordic_safe_cities, skarholmen, vallentuna))]
    result = []
    for reader, url in [*urls, (Client(), reverse("decisions:login"))]:
        response = reader.get(url)
        assert response.status_code == 200, url
        structure = Structure()
        structure.feed(response.content.decode())
        result.append((url, structure))
    return result


def test_every_page_is_in_swedish_with_landmarks_and_one_h1(every_page):
    for url, page in every_page:
        assert page.all("html")[0].get("lang") == "sv", url
        assert len(page.all("h1")) == 1, url
        for landmark in ["header", "nav", "main", "footer"]:
            assert page.all(landmark), (url, landmark)


def test_every_page_has_a_working_skip_link(every_page):
    for url, page in every_page:
        skip = page.all("a")[0]
        assert skip.get("class") == "skip-link", url
        assert skip["href"].lstrip("#") in page.ids, url


def test_every_form_control_has_a_label(every_page):
    for url, page in every_page:
        labelled = {attrs.get("for") for attrs in page.all("label")}
        for tag in ["input", "select", "textarea"]:
            for control in page.all(tag):
                if control.get("type") in {"hidden", "submit"}:
                    continue
                assert control.get("id") in labelled or control.get("aria-label"), (url, control)


def test_ids_are_unique(every_page):
    for url, page in every_page:
        assert len(page.ids) == len(set(page.ids)), url


def test_every_table_header_has_a_scope(every_page):
    for url, page in every_page:
        for header in page.all("th"):
            assert header.get("scope") in {"col", "row", "colgroup", "rowgroup"}, url


def test_errors_are_tied_to_their_fields(registrator_client, skarholmen):
    url = reverse("decisions:attachment_create", args=[skarholmen.pk])
    html = registrator_client.post(url, {"title": "", "kind": "bilaga"}).content.decode()
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_title_error"' in html
    assert 'id="id_title_error"' in html
    assert 'role="alert"' in html


def test_the_stylesheet_is_local_and_shows_focus():
    from django.conf import settings

    css = (settings.BASE_DIR / "static" / "css" / "register.css").read_text()
    assert ":focus-visible" in css
    assert "http" not in css and "@import" not in css


def test_no_page_loads_anything_from_another_host(client, register):
    html = client.get(reverse("decisions:home")).content.decode()
    assert "https://" not in html and "http://" not in html
    assert "<script" not in html


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted([_luminance(foreground), _luminance(background)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# Text colour on background colour, as the stylesheet pairs them.
PAIRS = [
    ("#1b1f24", "#ffffff"),  # text
    ("#4a5260", "#ffffff"),  # muted text, help text
    ("#4a5260", "#f3f5f8"),  # muted text on table headers and source text
    ("#0b5394", "#ffffff"),  # links
    ("#0b5394", "#e8f0f9"),  # links in notices
    ("#ffffff", "#0b5394"),  # header and buttons
    ("#ffffff", "#08406f"),  # button hover
    ("#093f70", "#e8f0f9"),  # filter chips
    ("#a4161a", "#ffffff"),  # "Försenad", errors
    ("#a4161a", "#fdecea"),  # error summary
    ("#1b1f24", "#ffe066"),  # highlighted passage
    ("#1b1f24", "#e7f3e8"),  # success message
]


@pytest.mark.parametrize(("foreground", "background"), PAIRS)
def test_text_colours_have_at_least_4_5_to_1_contrast(foreground, background):
    from django.conf import settings

    css = (settings.BASE_DIR / "static" / "css" / "register.css").read_text().lower()
    assert foreground in css and background in css
    assert contrast(foreground, background) >= 4.5
