"""Every customer document reads in one language: the share of another language's words in it
stays under a small threshold, in each policy's own language and with `--lang en`.

A word counts for a language when it is one of that language's common words below and of no
other language's (so `a`, `na` or `do`, common to several, count for none). The lists are
written here, independently of slac's labels and of the policies' texts.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

import slac
from slac.codegen import render_outputs
from slac.options import BuildOptions

from .support import REPO

THRESHOLD = 0.03
"""At most 3% of the language-marking words of a document may belong to another language."""

COMMON_WORDS = {
    "en": """the and of to is are for with when by from on at this that be or not which within hours hour
        day days every each if can may must has have its their your you we our after before only all any who
        what where than will should would there been was were time response level customer closed open
        severity priority""",
    "it": """il lo la gli le di del della dei delle degli che è per con non una uno un sono alle dalle al nel
        nella dal dalla entro ore giorni giorno priorità tempo tempi risposta cliente assistenza come anche
        solo ogni ma ed i sul sulla quando dove chiuso aperto orario livello piano questo questa""",
    "cs": """je jsou v ve k ke pro při nebo není jen také která který které podpora podpory doba reakce
        hodiny hodin hodina den dny závažnost požadavek zákazník kdy tento této přes úroveň varianta pracovní
        zavřeno otevřeno výsledek""",
    "pl": """i w we jest są się nie lub oraz dla przez który która które czas godzin godziny wsparcia poziom
        zgłoszenie klient klienta jeśli tylko także czy ważności dział problemu problemów""",
}


def _markers() -> dict[str, str]:
    """Each marking word and its language; words of two languages mark none."""
    seen: Counter[str] = Counter(word for words in COMMON_WORDS.values() for word in set(words.split()))
    return {word: language for language, words in COMMON_WORDS.items() for word in words.split() if seen[word] == 1}


MARKERS = _markers()


def language_shares(text: str) -> dict[str, float]:
    """The share of each language among the marking words of a text (`{}` without any)."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    counts = Counter(MARKERS[word] for word in words if word in MARKERS)
    total = sum(counts.values())
    return {language: count / total for language, count in counts.items()} if total else {}


def foreign_share(text: str, language: str) -> float:
    return sum(share for other, share in language_shares(text).items() if other != language)


QUOTED = re.compile(r"«[^»]*»|„[^“]*“|“[^”]*”|\"[^\"\n]*\"")
"""A quotation of the published text, in any language's quotation marks: quoting is not mixing."""


def _reader_text(markdown: str) -> str:
    """The document without its do-not-edit header, link targets (file names), e-mail and web
    addresses, and quotations of the published text."""
    markdown = re.sub(r"<!--.*?-->", " ", markdown, flags=re.S)
    markdown = re.sub(r"\]\([^)]*\)", "]", markdown)
    markdown = re.sub(r"\S+@\S+|https?://\S+|\w+'s\b", " ", markdown)
    return QUOTED.sub(" ", markdown)


SEEDS = sorted((REPO / "rules").glob("*.sla"))


def _documents(lang: str | None) -> dict[str, tuple[str, str]]:
    """`{file name: (language, text)}` of the customer documents and pages of a build."""
    compilations = [slac.compile_file(path) for path in SEEDS]
    outputs = render_outputs(compilations, BuildOptions(lang=lang))
    languages = {c.policy.id: (lang or c.policy.language) for c in compilations if c.policy is not None}
    documents = {}
    for name, text in outputs.items():
        if name.endswith(".report.md") or not name.endswith((".md", ".html")):
            continue
        stem = name.split(".")[0]
        language = languages.get(stem, lang or "en")
        if name.endswith(".html"):
            text = re.sub(r"<style>.*?</style>|<[^>]+>", " ", text, flags=re.S)
        documents[name] = (language, _reader_text(text))
    return documents


@pytest.mark.parametrize("lang", [None, "en"])
def test_each_document_reads_in_one_language(lang: str | None) -> None:
    problems = {}
    for name, (language, text) in _documents(lang).items():
        share = foreign_share(text, language)
        if share > THRESHOLD:
            problems[name] = (language, round(share, 3), language_shares(text))
    assert problems == {}


@pytest.mark.parametrize(
    "text, language, mixed",
    [
        ("Il tempo di risposta è di 4 ore per ogni ticket del cliente.", "it", False),
        ("Il tempo di risposta is within 4 hours for the customer and the plan.", "it", True),
        ("Počáteční doba reakce je 1 pracovní hodina.", "cs", False),
        ("Počáteční doba reakce is one business hour when the ticket is open.", "cs", True),
        ("Dział wsparcia powinien podjąć kontakt w czasie określonym w SLA.", "pl", False),
    ],
)
def test_the_measure_tells_mixed_text(text: str, language: str, mixed: bool) -> None:
    assert (foreign_share(text, language) > THRESHOLD) is mixed


def test_every_marker_list_marks_words() -> None:
    assert {language for language in MARKERS.values()} == set(COMMON_WORDS)
