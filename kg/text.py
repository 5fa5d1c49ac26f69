"""Keys and patterns for text, shared by every stage: name folding, the dateline, month and weekday names.

Folding decides which spellings count as one name, so there is one of each kind here:
:func:`fold` (a gazetteer key: words kept apart), :func:`compact_fold` (no separators at all: "Pul-e-Alam" and
"Pul e Alam" are one), :func:`word_key` (a lexicon key: case and possessive dropped, marks kept).
"""
from __future__ import annotations

import re
import unicodedata

__all__ = [
    "DATELINE",
    "MONTHS",
    "MONTH_ABBREVIATIONS",
    "MONTH_NUMBERS",
    "WEEKDAYS",
    "ascii_words",
    "compact_fold",
    "dateline_end",
    "fold",
    "leading_dateline",
    "plain_label",
    "strip_marks",
    "word_key",
]

# Latin letters NFKD does not decompose; without this "Diyarbakır" would not be ASCII after folding.
_LETTERS = str.maketrans(
    {"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H",
     "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D"}
)
# Transliterations mark ayn/hamza with any of these; news drops them ("Pul-e 'Alam" = "Pul-e Alam").
_APOSTROPHES = "'`´‘’ʼʻʿʾ′"
_DROP_APOSTROPHES = str.maketrans("", "", _APOSTROPHES)
_LABEL_APOSTROPHES = str.maketrans("", "", _APOSTROPHES.replace("'", ""))
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_]+")


def strip_marks(text: str) -> str:
    """The text without diacritics, case kept: "Aībak" -> "Aibak"."""
    if text.isascii():  # most names: skip the slow path
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    if not decomposed.isascii():
        decomposed = "".join(c for c in decomposed if not unicodedata.combining(c))
    return decomposed.translate(_LETTERS)


def fold(name: str) -> str:
    """The gazetteer's matching key: no diacritics or apostrophes, lower case, hyphens and spaces as one space."""
    plain = strip_marks(name).lower().translate(_DROP_APOSTROPHES)
    return _SEPARATORS.sub(" ", plain).strip()


def plain_label(name: str) -> str:
    """A display form without diacritics that keeps case and hyphens: "Pul-e ‘Alam" -> "Pul-e Alam"."""
    return " ".join(strip_marks(name).translate(_LABEL_APOSTROPHES).split())


def compact_fold(name: str) -> str:
    """Lower case without diacritics, punctuation or spaces: "Pul-e-Alam" -> "pulealam" (how a user's place
    name meets a stored label: the spelling of separators does not matter)."""
    return "".join(c for c in strip_marks(name).lower() if c.isalnum() and not unicodedata.combining(c))


def ascii_words(text: str) -> list[str]:
    """Lower-case ASCII word tokens, diacritics removed: "Agence France-Presse" -> agence, france, presse."""
    return re.findall(r"[a-z0-9]+", strip_marks(text).lower())


def word_key(text: str) -> str:
    """A lexicon key: lower case, no possessive "'s", single spaces ("Taliban’s  fighters" -> "taliban fighters")."""
    return " ".join(text.lower().replace("’s", "").replace("'s", "").split())


# ---------------------------------------------------------------- months and weekdays

# Index = date.weekday() (Monday 0).
WEEKDAYS: tuple[str, ...] = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Index = month - 1.
MONTHS: tuple[str, ...] = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
# Abbreviations are only trusted next to a day or year number ("Aug. 6", "Dec 2020"): alone,
# "mar" or "jan" is too likely to be something else.
MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
    "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# Every lower-case month word (full or abbreviated) -> its number.
MONTH_NUMBERS: dict[str, int] = {name: i for i, name in enumerate(MONTHS, 1)} | MONTH_ABBREVIATIONS


# ---------------------------------------------------------------- the dateline

# "KABUL, Aug 8 (Reuters) -", "HERAT, July 8 —", "KABUL, Afghanistan (AP) —", "Pemba, Mozambique -": a place (all
# capitals, or a name of up to three capitalised words), an optional region, day and (agency), then a dash. It
# opens an article or a section of one (hence per line).
DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-Z][A-Z .'’-]{1,40}?|(?!The |An? )[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})"
    r"(?:,[ \t]*[A-Z][A-Za-z]+)?,?[ \t]+"
    r"(?P<date>[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2})?(?:[ \t]*(?:\((?P<credit>[^)\n]{2,40})\)[ \t]*)?[-–—]+[ \t]*"
    r"|(?<=\d)[ \t]+(?=[A-Z][a-z]))",  # ("COLOMBO, Jan 2 The army...": a wire's dateline with its credit cut)
    re.M,
)
_LEADING_CAPS = re.compile(r"\A\s*(?:[A-Z][A-Z'’.-]{2,}(?:[ /][A-Z][A-Z'’.-]+)*)")


def leading_dateline(text: str) -> re.Match[str] | None:
    """The dateline the article opens with (after any blank lines), if any."""
    return DATELINE.match(text, len(text) - len(text.lstrip()))


def dateline_end(text: str) -> int:
    """Where a leading all-capitals place name ends ("BAGHDAD —"); 0 when the text has none."""
    match = _LEADING_CAPS.match(text)
    return match.end() if match else 0
