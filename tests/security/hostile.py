"""
The hostile values of ``test_hostile_input``: what an outside probe sends in query strings, form
fields, JSON fields, URL paths and whole bodies. Each value has a label, which failures name.
"""

import json
from urllib.parse import quote

LONG = 100_000
DEEP = 100_000

#: Text as people and scripts type it into any field: each is sent as a query value, a form value
#: and a JSON string.
TEXTS = {
    "nul": "\x00",
    "nul inside": "a\x00b",
    "control characters": "a\x01\x07\x08\x1b\x7fb",
    "crlf header injection": "a\r\nSet-Cookie: pm1=1",
    "100 000 characters": "ก" * LONG,
    "huge integer": "1" + "0" * 400,
    "minus one": "-1",
    "zero": "0",
    "overflowing float": "1e309",
    "huge page number": "99999999999999999999",
    "not a number": "NaN",
    "sql": '" OR 1=1 --',
    "sql quote": "'; DROP TABLE wagtailcore_page; --",
    "fts star": "*",
    "fts near": "NEAR(",
    "unbalanced parentheses": "(((",
    "backslash": "\\",
    "like percent": "%",
    "like underscore": "_",
    "regex bracket": "[",
    "regex catastrophic": "(a+)+$" + "a" * 30 + "!",
    "tsquery": "a & !b | c:*",
    "rtl override": "\u202egnp.exe",
    "zero width": "\u200b\u200c\u200d\u2060\ufeff",
    "combining marks": "ก" + "\u0e48" * 200,
    "emoji": "🙂🇹🇭",
    "path traversal": "../../../../etc/passwd",
    "encoded traversal": "..%2f..%2f..%2fetc%2fpasswd",
    "markup": "<script>alert(1)</script>",
    "template syntax": "{{ request }}{% debug %}",
    "format string": "%(secret)s %s %d {0}",
    "thai date out of range": "31/2/99999",
    "iso date out of range": "99999-12-31",
}

#: Query values sent as they are, percent-encoded already: bytes no text encodes to.
RAW_QUERY = {
    "lone surrogate": "%ED%A0%80",
    "invalid utf-8": "%FF%FE%C0%AF",
    "overlong slash": "%C0%AF",
    "nul encoded": "%00",
    "truncated escape": "%E0%B8",
    "bare percent": "%",
}


#: The values sent where the same code was already given all of them (the same view in another language).
SAMPLE = (
    "nul inside",
    "lone surrogate",
    "invalid utf-8",
    "100 000 characters",
    "huge page number",
    "sql",
    "fts near",
    "rtl override",
    "lone surrogate escape",
    "integer 10**400",
    "json nested 100 000 deep",
    "invalid utf-8 form",
)


def sample(values: dict) -> dict:
    """The ``SAMPLE`` of a set of values."""
    return {label: value for label, value in values.items() if label in SAMPLE}


def query_values() -> dict[str, str]:
    """Every hostile value as it goes after ``name=`` in a query string or a form body."""
    return {**{label: quote(text, safe="") for label, text in TEXTS.items()}, **RAW_QUERY}


#: Ways of sending one parameter that are no single value: repeated, as arrays, nested.
def query_shapes(name: str) -> dict[str, str]:
    """Query strings sending ``name`` in shapes a framework might parse as lists or dicts."""
    return {
        "repeated": "&".join(f"{name}=a" for _ in range(1000)),
        "empty and repeated": f"{name}=&{name}=",
        "array": f"{name}[]=a&{name}[]=b",
        "nested array": f"{name}[][][]=a",
        "object": f"{name}[a][b]=c",
        "no value": name,
    }


#: JSON values in raw form (text of the JSON document), for any field of a JSON body.
def json_values() -> dict[str, str]:
    """Every hostile value as a JSON token: the texts as strings, and what only JSON can carry."""
    values = {label: json.dumps(text) for label, text in TEXTS.items()}
    values.update(
        {
            "lone surrogate escape": '"\\ud800"',
            "reversed surrogates": '"\\udc00\\ud800"',
            "nul escape": '"\\u0000"',
            "integer 10**400": "1" + "0" * 400,
            "negative": "-1",
            "zero number": "0",
            "float 1e309": "1e309",
            "negative float": "-1e-309",
            "fraction": "0.5",
            "true": "true",
            "null": "null",
            "empty list": "[]",
            "empty object": "{}",
            "list of strings": '["a", "b"]',
            "object of strings": '{"a": "b"}',
            "nested list": "[" * 100 + "]" * 100,
        }
    )
    return values


def whole_bodies() -> dict[str, tuple[bytes, str]]:
    """Bodies sent whole to every operation that takes one: (content, content type)."""
    return {
        "json nested 100 000 deep": (b"[" * DEEP + b"]" * DEEP, "application/json"),
        "json objects nested 100 000 deep": (b'{"a":' * DEEP + b"1" + b"}" * DEEP, "application/json"),
        "invalid utf-8 json": (b'{"title": "\xff\xfe"}', "application/json"),
        "surrogate bytes json": (b'{"title": "\xed\xa0\x80"}', "application/json"),
        "utf-16 json": ('{"title": "ก"}'.encode("utf-16"), "application/json"),
        "truncated json": (b'{"title": "', "application/json"),
        "json with nul bytes": (b'{"title": "a\x00b"}', "application/json"),
        "empty json": (b"", "application/json"),
        "json null": (b"null", "application/json"),
        "json list": (b"[1, 2]", "application/json"),
        "json string": (b'"text"', "application/json"),
        "duplicate keys": (b'{"item": 1, "item": "x"}', "application/json"),
        "nan": (b'{"percent_complete": NaN}', "application/json"),
        "invalid utf-8 form": (b"title=\xff\xfe&narrative=\xed\xa0\x80", "application/x-www-form-urlencoded"),
        "broken multipart": (b'--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n', "multipart/form-data"),
        "multipart without boundary": (b"a=b", "multipart/form-data"),
        "xml": (b"<?xml version='1.0'?><!DOCTYPE a [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><a>&e;</a>", "text/xml"),
    }


#: Path segments in place of an id, a code or a token in a URL.
PATH_SEGMENTS = {
    "nul": "%00",
    "lone surrogate": "%ED%A0%80",
    "invalid utf-8": "%FF",
    "huge number": "9" * 30,
    "negative": "-1",
    "traversal": "..%2F..%2Fetc%2Fpasswd",
    "long": "a" * 5000,
    "rtl override": quote("\u202egnp"),
    "sql": quote("1' OR '1'='1"),
}
