"""
The Thai text pipeline: the one place where text becomes searchable words, used identically for
what is indexed and for what is searched.

Thai is written without spaces between words, and full-text engines split text at spaces and
punctuation only, so a Thai word inside a longer run is invisible to them. Every Thai run is
therefore replaced by its words separated by spaces before the text reaches any backend:

- indexed text gets ICU's word breaks (fine-grained: ฉีด|วัคซีน, นายก|รัฐมนตรี), then the words of
  the dictionary segmenter newmm that ICU did not produce (it keeps compounds such as ฉีดวัคซีน
  whole and repairs ICU's rare mis-splits such as ลงพื้น|ที่). ICU's words come first and in order,
  so phrase queries still match adjacent words;
- queries get ICU's word breaks only, so every query word is one that indexing produced too.

Measured on the relevance set (shared/THAI.md, bench/search_quality.py): ICU alone finds 20 of 21
inner words, newmm alone 14, the union all of them with no false hits.
"""

import functools
import itertools
import re
import unicodedata
from pathlib import Path

import icu
import nlpo3
import pythainlp

__all__ = ["is_stop_word", "normalise", "query_words", "segment_for_index", "segment_for_query"]

# Characters that government spreadsheets and PDFs carry invisibly inside Thai words.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# Control characters but tab and line breaks, and lone surrogates: typed by no one, yet sent by probes.
# PostgreSQL refuses NUL in text, SQLite's full-text queries end a string at it, and no database
# encodes a lone surrogate, so no text reaches a query with them.
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# SARA AM typed as NIKHAHIT + SARA AA, with a tone mark before or between them (น่ํา, นํ่า).
_DECOMPOSED_AM = re.compile("([\u0e48-\u0e4b]?)\u0e4d([\u0e48-\u0e4b]?)\u0e32")
# Query syntax of one engine or another (FTS5, tsquery, Lucene): never part of a word people look for.
_SYNTAX = str.maketrans(dict.fromkeys("\"'\u2019\\:&|!()*^~{}[]<>+-=/,;?@#$%`", " "))
# Slashes, hyphens and apostrophes inside references and words (นร 0505/2566-001, e-commerce,
# Minister's): queries drop them as syntax, so indexed text splits there too, or PostgreSQL would
# keep "0505/2566-001" whole and Elasticsearch "minister's".
_JOINERS = re.compile("(?<=\\w)[/\\-'\u2019](?=\\w)")
# ฯ (abbreviation) and ๆ (repetition) end a word and are not searched for.
_WORD_ENDS = re.compile("[\u0e2f\u0e46]")
# Thai letters, vowels and marks.
_THAI_RUN = re.compile("[\u0e01-\u0e2e\u0e30-\u0e45\u0e47-\u0e4e]+")
_THAI_LETTER = re.compile("[\u0e01-\u0e2e]")

_NEWMM_DICTIONARY = "pm1-thai-words"
_CACHE_SIZE = 65536


def normalise(text: str) -> str:
    """
    NFC, without zero-width characters, control characters (tab and line breaks aside) or lone
    surrogates, with ำ composed: the form every text is compared in, and one any database takes.
    """
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", _UNSTORABLE.sub("", text)))
    return _DECOMPOSED_AM.sub(lambda m: m.group(1) + m.group(2) + "\u0e33", text)


def segment_for_index(text: str) -> str:
    """
    Text to index: every Thai run replaced by its ICU words; the extra newmm words at the end, so
    that they never come between two words of a phrase.
    """
    extras = []

    def words(match):
        icu_words, newmm_words = _index_words(match.group())
        extras.extend(newmm_words)
        return f" {' '.join(icu_words)} "

    text = _THAI_RUN.sub(words, _WORD_ENDS.sub(" ", _JOINERS.sub(" ", normalise(text))))
    return " ".join((*text.split(), *extras))


def segment_for_query(text: str) -> str:
    """A query: every Thai run replaced by its ICU words, separated by spaces."""
    text = _WORD_ENDS.sub(" ", normalise(text))
    return " ".join(_THAI_RUN.sub(lambda m: f" {' '.join(_icu_words(m.group()))} ", text).split())


def query_words(text: str) -> list[str]:
    """
    The words of a query typed by anyone: segmented, without any engine's query syntax and without
    lone dots (the dot of a short name such as สธ., which no index holds as a word).
    """
    return [word for word in segment_for_query(text.translate(_SYNTAX)).split() if word.strip(".")]


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _index_words(run: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    words = _icu_words(run)
    seen = set(words)
    return words, tuple(word for word in _newmm_words(run) if word not in seen and _THAI_LETTER.search(word))


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _icu_words(run: str) -> tuple[str, ...]:
    breaker = _breaker()
    breaker.setText(run)
    bounds = [0, *breaker]
    return tuple(run[start:end] for start, end in itertools.pairwise(bounds) if run[start:end].strip())


def _newmm_words(run: str) -> list[str]:
    _load_dictionary()
    return [word for word in nlpo3.segment(run, _NEWMM_DICTIONARY, safe=True) if word.strip()]


@functools.cache
def _breaker():
    return icu.BreakIterator.createWordInstance(icu.Locale("th"))


@functools.cache
def _load_dictionary() -> None:
    words = Path(pythainlp.__file__).parent / "corpus" / "words_th.txt"
    nlpo3.load_dict(str(words), _NEWMM_DICTIONARY)


# Thai grammatical words found in nearly every sentence of an official text. PyThaiNLP's stop-word
# list is far broader: it holds ภาค and ใต้ (region, south), which people do search for.
_STOP_WORDS = frozenset("การ ความ ที่ และ ของ ใน ให้ ได้ เป็น มี จะ ว่า ซึ่ง กับ แก่ โดย เพื่อ จาก แล้ว อยู่ นี้ นั้น หรือ ก็ ด้วย คือ".split())


def is_stop_word(word: str) -> bool:
    """A Thai grammatical word (การ, ที่, และ), in nearly every page, telling no page apart."""
    return word in _STOP_WORDS
