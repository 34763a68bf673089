"""
The Thai text pipeline (core/text.py): one normal form for every text, words for Thai runs that
have no spaces, and queries stripped of every engine's syntax.
"""

import unicodedata

import pytest

from core.text import normalise, query_words, segment_for_index, segment_for_query
from search.engines import Terms

SENTENCE = "กระทรวงสาธารณสุขเร่งรัดการฉีดวัคซีนในพื้นที่ภาคใต้"

NIKHAHIT, SARA_AA, SARA_AM = "\u0e4d", "\u0e32", "\u0e33"
MAI_EK, MAI_THO = "\u0e48", "\u0e49"


# normalise -------------------------------------------------------------------------------------


def test_normalise_composes_to_nfc():
    decomposed = unicodedata.normalize("NFD", "café")
    assert normalise(decomposed) == "café"
    assert unicodedata.is_normalized("NFC", normalise(decomposed))


@pytest.mark.parametrize(
    "invisible",
    ["\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad"],
    ids=["zero-width-space", "zwnj", "zwj", "bom", "soft-hyphen"],
)
def test_normalise_removes_invisible_characters_inside_thai_words(invisible):
    assert normalise(f"วัค{invisible}ซีน{invisible}") == "วัคซีน"


def test_normalise_composes_sara_am_typed_as_nikhahit_and_sara_aa():
    assert normalise("น" + NIKHAHIT + SARA_AA) == "น" + SARA_AM


@pytest.mark.parametrize(
    "typed",
    ["น" + MAI_THO + NIKHAHIT + SARA_AA, "น" + NIKHAHIT + MAI_THO + SARA_AA],
    ids=["tone-before-nikhahit", "tone-between-nikhahit-and-sara-aa"],
)
def test_normalise_composes_decomposed_sara_am_with_a_tone_mark_into_nam(typed):
    assert normalise(typed) == "น้ำ"
    assert normalise(typed + "ท่วม") == "น้ำท่วม"


@pytest.mark.parametrize("typed", ["น่" + NIKHAHIT + SARA_AA, "น" + NIKHAHIT + "่" + SARA_AA])
def test_normalise_keeps_the_typed_tone_mark_when_composing_sara_am(typed):
    assert normalise(typed) == "น่" + SARA_AM


def test_normalise_leaves_ordinary_text_unchanged():
    text = "นายกรัฐมนตรี Prime Minister 2569"
    assert normalise(text) == text


# segment_for_index ---------------------------------------------------------------------------


def test_indexed_text_has_words_inside_an_unspaced_sentence():
    words = segment_for_index(SENTENCE).split()
    assert "วัคซีน" in words
    assert "สาธารณสุข" in words
    assert "ภาคใต้" in words or {"ภาค", "ใต้"} <= set(words)


def test_indexed_text_keeps_the_words_of_a_sentence_adjacent_and_in_order():
    words = segment_for_index(SENTENCE).split()
    position = words.index("ฉีด")
    assert words[position + 1] == "วัคซีน"
    assert "".join(words[: words.index("ใต้") + 1]) == SENTENCE


def test_indexed_text_is_normalised_before_it_is_segmented():
    typed = "แก้ไขปัญหา" + "น" + NIKHAHIT + MAI_THO + SARA_AA + "ท่วม\u200bภาคเหนือ"
    assert "น้ำ" in segment_for_index(typed).split()


@pytest.mark.parametrize(
    "text", ["COVID-19 vaccine 2569", "นร 0505/2566-001", "e-commerce", "Prime Minister's directive"]
)
def test_every_query_word_of_english_words_numbers_and_references_is_an_indexed_word(text):
    indexed = segment_for_index(text).split()
    assert query_words(text)
    assert set(query_words(text)) <= set(indexed)
    assert set(query_words(text.lower())) <= set(segment_for_index(text.lower()).split())


def test_indexed_text_tells_tax_from_language():
    assert "ภาษี" in segment_for_index("การจัดเก็บภาษีเงินได้").split()
    assert "ภาษา" not in segment_for_index("การจัดเก็บภาษีเงินได้").split()
    assert "ภาษา" in segment_for_index("การพัฒนาภาษาไทย").split()
    assert "ภาษี" not in segment_for_index("การพัฒนาภาษาไทย").split()


def test_indexed_text_never_has_sky_as_a_word_of_electricity():
    for text in ("ลดค่าไฟฟ้าให้ประชาชน", "ขยายเส้นทางรถไฟฟ้าสายสีม่วง", "การไฟฟ้าส่วนภูมิภาค"):
        assert "ฟ้า" not in segment_for_index(text).split(), text
    assert "ฟ้า" in segment_for_index("ประชาชนแต่งกายสีฟ้าในพิธี").split()


# queries -------------------------------------------------------------------------------------


def test_every_query_word_of_a_sentence_is_a_word_of_the_same_sentence_indexed():
    indexed = set(segment_for_index(SENTENCE).split())
    assert set(segment_for_query(SENTENCE).split()) <= indexed
    assert set(query_words(SENTENCE)) <= indexed


def test_query_words_of_a_single_thai_word_are_that_word():
    assert query_words("วัคซีน") == ["วัคซีน"]
    assert query_words("  สาธารณสุข ") == ["สาธารณสุข"]


def test_query_words_are_normalised_like_indexed_text():
    assert query_words("วัค\u200bซีน") == ["วัคซีน"]
    assert query_words("น" + NIKHAHIT + MAI_THO + SARA_AA) == ["น้ำ"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ('"วัคซีน"', ["วัคซีน"]),
        ("วัคซีน*", ["วัคซีน"]),
        ("title:วัคซีน", ["title", "วัคซีน"]),
        ("(วัคซีน)", ["วัคซีน"]),
        ("วัคซีน^2", ["วัคซีน", "2"]),
        ("วัคซีน~", ["วัคซีน"]),
        ("-วัคซีน +ภาษี", ["วัคซีน", "ภาษี"]),
        ("a & !b | c:*", ["a", "b", "c"]),
        ("NEAR(a b)", ["NEAR", "a", "b"]),
        ("{a} [b] <c>", ["a", "b", "c"]),
        ("'; DROP TABLE wagtailcore_page; --", ["DROP", "TABLE", "wagtailcore_page"]),
        ('"unbalanced', ["unbalanced"]),
        ("\\ ` @ # $ % = / , ; ?", []),
    ],
)
def test_query_words_drop_every_engines_query_syntax(query, expected):
    assert query_words(query) == expected


def test_query_words_of_only_operators_are_nothing_to_search_for():
    assert query_words('* ( ) : ^ " & | ! ~') == []
    assert query_words("") == []


def test_query_words_keep_emoji_as_they_are_typed():
    assert query_words("🙂🇹🇭") == ["🙂🇹🇭"]


def test_thai_grammatical_words_are_no_condition_beside_other_words():
    # การ (the -ing of Thai) is in nearly every page; ภาค and ใต้ (region, south) are not stop words.
    assert Terms.parse(q="การฉีดวัคซีนภาคใต้").words == ("ฉีด", "วัคซีน", "ภาค", "ใต้")


def test_a_query_of_grammatical_words_only_keeps_them():
    assert Terms.parse(q="การ").words == ("การ",)


def test_a_phrase_keeps_its_grammatical_words_so_that_it_stays_exact():
    assert Terms.parse(phrase="เร่งรัดการฉีดวัคซีน").phrases == (("เร่งรัด", "การ", "ฉีด", "วัคซีน"),)
