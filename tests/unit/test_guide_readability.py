"""Every guide page reads at grade 8 or below (Flesch-Kincaid, textstat pinned in requirements)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
import textstat

from admissions import create_app
from admissions.guide.pages import PAGES

MAX_GRADE = 8.0
MIN_READING_EASE = 60.0  # "plain English" and easier
MIN_SPANISH_EASE = 60.0  # Fernández-Huerta: "normal" and easier


class ArticleText(HTMLParser):
    """The sentences of the page's article: paragraphs and list items, not headings or links lists."""

    def __init__(self):
        super().__init__()
        self.in_article = 0
        self.in_block = 0
        self.blocks: list[str] = []
        self._current: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.in_article += 1
        elif tag in ("p", "li") and self.in_article:
            self.in_block += 1

    def handle_endtag(self, tag):
        if tag == "article":
            self.in_article -= 1
        elif tag in ("p", "li") and self.in_block:
            self.in_block -= 1
            text = " ".join("".join(self._current).split())
            if text:
                self.blocks.append(text if text.endswith((".", "?", "!", ":")) else text + ".")
            self._current = []

    def handle_data(self, data):
        if self.in_block:
            self._current.append(data)

    @classmethod
    def of(cls, html: str) -> str:
        parser = cls()
        parser.feed(html)
        return " ".join(parser.blocks)


def grade(text: str) -> float:
    textstat.set_lang("en_US")
    return textstat.flesch_kincaid_grade(text)


@pytest.fixture(scope="module")
def client():
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return app.test_client()


@pytest.mark.parametrize("page", PAGES, ids=[p.slug for p in PAGES])
def test_guide_page_reads_at_grade_eight_or_below(client, page):
    text = ArticleText.of(client.get(f"/guide/{page.slug}?lang=en").get_data(as_text=True))
    assert len(text.split()) > 150, "the page lost its article"
    assert grade(text) <= MAX_GRADE
    assert textstat.flesch_reading_ease(text) >= MIN_READING_EASE


@pytest.mark.parametrize("page", PAGES, ids=[p.slug for p in PAGES])
def test_spanish_guide_page_is_easy_to_read(client, page):
    text = ArticleText.of(client.get(f"/guide/{page.slug}?lang=es").get_data(as_text=True))
    assert "withdrawal" not in text.lower()
    textstat.set_lang("es")
    try:
        assert textstat.fernandez_huerta(text) >= MIN_SPANISH_EASE
    finally:
        textstat.set_lang("en_US")


def test_the_measure_rejects_dense_clinical_prose():
    dense = ("Pharmacological management of opioid withdrawal syndrome necessitates individualized "
             "consideration of comorbid psychiatric conditions, concurrent benzodiazepine dependence "
             "and hepatic impairment, particularly in polysubstance-using populations.")
    assert grade(dense) > MAX_GRADE
