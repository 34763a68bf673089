"""
Hostile input against every public and API endpoint, found by the suite itself: the public routes
from the URL conf (Wagtail's pages through a published page of every registered kind and every other
live page, in Thai and English), the API's operations from its OpenAPI schema. Each endpoint gets
the corpus of ``tests.security.hostile`` in every query parameter it reads (recorded as it reads
them), every form field, every header the schema names, every JSON field, its path segments and
whole bodies. No answer may be a server error; an API error is problem details
(``api.errors.problem``), a public page's error an HTML page.
"""

import json
import re
import time
from collections import Counter
from unittest import mock
from urllib.parse import quote, unquote, urlsplit

import time_machine
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.http import QueryDict
from django.test import TestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from wagtail.documents import get_document_model
from wagtail.models import Page

from api.services import apikey_issue
from api.throttling import ApiKeyRateThrottle
from citizens import services as citizens_services
from core.choices import Visibility
from core.kinds import kinds
from tests import builders
from tests.complaints import helpers as complaints_helpers
from tests.security import hostile
from updates.models import UpdateSubmission

LANGUAGES = [code for code, _name in settings.LANGUAGES]
#: Outside this suite: the admin, but for its login page.
ADMIN = "admin/"
ADMIN_LOGIN = "admin/login/"
PROBLEM = "application/problem+json"
FORM = "application/x-www-form-urlencoded"
#: A word of the data, so that views that search when asked to (``q``) read what follows a search.
WORD = "วัคซีน"
#: How many ids or codes are tried for a route no link led to.
CANDIDATES = 12


def published_item(kind, agency):
    """A published public item of ``kind``, led by ``agency``, through the builders its app's tests use."""
    builders_by_type = {
        "directive": lambda: builders.directive("นร 1/2569", agency, body=f"<p>{WORD} ภาคใต้</p>"),
        "policy": lambda: builders.policy(f"นโยบาย{WORD}", agency, summary=WORD),
        "complaint": lambda: complaints_helpers.complaint(
            "ร 1/2569", agency, visibility=Visibility.PUBLIC, public_summary=f"ถนน{WORD}"
        ),
        "foreign": lambda: complaints_helpers.foreign_commitment("ต 1/2569", agency),
    }
    build = builders_by_type.get(kind.item_type)
    return build() if build else None


def site_data(cls):
    """One of every page and object the public and the agencies reach, in both languages."""
    cls.moph = builders.agency("MOPH", "กระทรวงสาธารณสุข", short_name_th="สธ.")
    cls.moi = builders.agency("MOI", "กระทรวงมหาดไทย")
    cls.items = {}
    for kind in kinds():
        item = published_item(kind, cls.moph)
        if item is not None:
            cls.items[kind.item_type] = item
            builders.translate(item, title=f"An item of kind {kind.item_type}")
    cls.directive = cls.items["directive"]
    builders.update(cls.directive, cls.moph, publish=True, evidence=True)
    cls.draft = builders.update(cls.directive, cls.moph, title="ร่างรายงาน")
    cls.api_key, cls.key = apikey_issue(agency=cls.moph, name="ระบบทดสอบ")
    citizens_services.follow_request(target=cls.directive, email="citizen@example.org", language="th")
    cls.mails = [message.body for message in mail.outbox]
    builders.index_for_search()


# -- What a view reads ------------------------------------------------------------------------------

_read: set[str] = set()


class ReadingQueryDict(QueryDict):
    """A ``QueryDict`` noting every key a view asks it for."""

    def __getitem__(self, key):
        _read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        _read.add(key)
        return super().__contains__(key)

    def get(self, key, default=None):
        _read.add(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        _read.add(key)
        return super().getlist(key, default)


class ReadingMiddleware:
    """Gives the view query and form data that note what it reads (the probes only)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = ReadingQueryDict(request.META.get("QUERY_STRING", ""))
        if request.method == "POST" and request.content_type == FORM:
            request._post = ReadingQueryDict(request.body)
        return self.get_response(request)


def reading_middleware():
    return override_settings(MIDDLEWARE=[f"{__name__}.ReadingMiddleware", *settings.MIDDLEWARE])


# -- The URL conf ------------------------------------------------------------------------------------


def routes(patterns=None, prefix=""):
    """Every route of the URL conf as (full route, pattern), includes walked, in the active language."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def public_routes() -> dict[str, URLPattern]:
    """The routes of the public site and the API in every language: everything but the admin's insides."""
    found = {}
    for language in LANGUAGES:
        with translation.override(language):
            for route, pattern in routes():
                bare = route.lstrip("^")
                if bare.startswith(ADMIN) and not bare.startswith(ADMIN_LOGIN):
                    continue
                found[route] = pattern
    return found


def route_of(path: str) -> str | None:
    """The route ``path`` resolves to, in the language its prefix names."""
    path = unquote(urlsplit(path).path)
    prefix = path.split("/")[1]
    with translation.override(prefix if prefix in LANGUAGES else None):
        try:
            return resolve(path).route
        except Resolver404:
            return None


_LINK = re.compile(r"""(?:href|src|action)=["']([^"'#]+)|<loc>([^<]+)</loc>|(https?://testserver/[^\s"'<>]+)""")


def links_in(text: str):
    """The site's own paths (with their query) named in a page, a feed, a sitemap or a message."""
    for match in _LINK.finditer(text):
        link = next(group for group in match.groups() if group)
        parts = urlsplit(link.replace("&amp;", "&"))
        if parts.netloc in ("", "testserver") and parts.path.startswith("/"):
            yield parts.path + (f"?{parts.query}" if parts.query else "")


def body_of(response) -> bytes:
    """A response's body, streamed (documents) or not."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


# -- Checking answers --------------------------------------------------------------------------------


def answer_problem(path: str, response) -> str | None:
    """What is wrong with an answer to hostile input, or ``None``."""
    status = response.status_code
    if status >= 500:
        return f"{status} server error"
    if status < 400:
        return None
    if status == 429:
        return "429: throttled, so the input reached nothing"
    content_type = response.get("Content-Type", "")
    if urlsplit(path).path.startswith("/api/"):
        if not content_type.startswith(PROBLEM):
            return f"{status} as {content_type!r}, not problem details"
        body = json.loads(body_of(response))
        if not {"type", "title", "status"} <= set(body) or body["status"] != status:
            return f"{status} problem details without type, title and its status: {body}"
        return None
    if not content_type.startswith("text/html"):
        return f"{status} page as {content_type!r}, not HTML"
    if b"Traceback" in body_of(response):
        return f"{status} page showing a traceback"
    return None


class HostileRequests:
    """Sends requests, rolls back whatever they change, counts them and keeps every wrong answer."""

    requests = Counter()

    def setUp(self):
        super().setUp()
        self.failures = []

    def send(self, method, path, *, label, data=None, content_type=None, headers=None, expect_problem=True):
        kwargs = {"headers": headers or {}}
        if data is not None:
            kwargs["data"] = data
        if content_type is not None:
            kwargs["content_type"] = content_type
        type(self).requests[type(self).__name__] += 1
        try:
            with transaction.atomic():
                response = getattr(self.client, method)(path, **kwargs)
                transaction.set_rollback(True)
        except Exception as error:  # noqa: BLE001 (any exception escaping a view is the finding)
            self.failures.append(f"{method.upper()} {path[:120]} [{label}]: raised {error!r:.200}")
            return None
        problem = answer_problem(path, response)
        if problem:
            self.failures.append(f"{method.upper()} {path[:120]} [{label}]: {problem}")
        return response

    def assertNoFailures(self):
        shown = "\n".join(self.failures[:3000])
        more = len(self.failures) - 3000
        self.assertFalse(
            self.failures, f"{len(self.failures)} wrong answers:\n{shown}" + (f"\n… {more} more" if more > 0 else "")
        )

    @classmethod
    def tearDownClass(cls):
        print(f"\n{cls.__name__}: {cls.requests[cls.__name__]} hostile requests")  # noqa: T201 (the count the suite reports)
        super().tearDownClass()


def normalised(route: str) -> str:
    """A route as ``ResolverMatch.route`` spells it (no ``^`` where patterns are joined)."""
    return route.lstrip("^").replace("/^", "/")


def literal_path(route: str) -> str | None:
    """The one path of a route without parameters, or ``None``."""
    path = normalised(route).rstrip("$")
    return None if re.search(r"[<(\\\[*+?]", path) else f"/{path}"


class Endpoints:
    """
    One concrete URL for every public route, found by the suite: the routes' own paths, every live
    page, and the links in what they answer (pages, feeds, sitemaps, the e-mails the site sends),
    followed until every route has a URL or nothing new turns up; routes still missing get ids and
    codes from the data. Wagtail's pages count once per page type and language.
    """

    def __init__(self, client, *, extra_seeds=(), headers=None):
        self.client = client
        self.headers = headers or {}
        self.routes = {normalised(route): pattern for route, pattern in public_routes().items()}
        self.pages = {page.url: type(page).__name__ for page in Page.objects.live().specific() if page.url}
        self.urls: dict[str, str] = {}
        self.status: dict[str, int] = {}
        #: Server errors met on the way: the plainest requests of all.
        self.errors: list[str] = []
        self.crawl(["/", *self.pages, *filter(None, map(literal_path, self.routes)), *extra_seeds])
        self.fill_missing()

    def get(self, path):
        response = self.client.get(path, headers=self.headers)
        if response.status_code >= 500:
            self.errors.append(f"GET {path}: {response.status_code}")
        return response

    def key(self, path: str) -> str | None:
        route = route_of(path)
        if route is None or route not in self.routes:
            return None
        if self.routes[route].callback.__module__ == "wagtail.views":
            if route.endswith(")*)$"):
                page_type = self.pages.get(urlsplit(path).path)
                return f"{route} {page_type}" if page_type else None
        return route

    def crawl(self, seeds):
        queue = list(seeds)
        while queue:
            path = queue.pop(0)
            key = self.key(path)
            if key is None or key in self.urls:
                continue
            response = self.get(path)
            if response.status_code in (301, 302):
                queue.append(response["Location"])
                continue
            self.urls[key], self.status[key] = path, response.status_code
            body = body_of(response)
            if b"<" in body[:2000]:
                queue.extend(links_in(body.decode(errors="replace")))

    def fill_missing(self):
        ids = [str(pk) for pk in Page.objects.live().values_list("pk", flat=True)]
        words = ["MOPH", "pages", *ids]
        for route, pattern in self.routes.items():
            if route in self.urls or any(key.startswith(f"{route} ") for key in self.urls):
                continue
            names = list(getattr(pattern.pattern, "converters", {}))
            best = None
            for candidate in (
                ids[:CANDIDATES] if names and all("id" in name or name == "pk" for name in names) else words
            ):
                path = "/" + re.sub(r"<[^>]+>", candidate, route).rstrip("$")
                status = self.get(path).status_code
                if best is None or status < best[1]:
                    best = (path, status)
                if status < 400:
                    break
            if best is not None and "<" in route:
                self.urls[route], self.status[route] = best


def probe(client, method, path, *, query="", headers=None) -> tuple[set[str], int]:
    """The query (GET) or form (POST) keys a view reads when asked ``path``, and its status."""
    _read.clear()
    with reading_middleware():
        if method == "get":
            response = client.get(f"{path}?probe=1&{query}", headers=headers or {})
        else:
            response = client.post(path, "probe=1", content_type=FORM, headers=headers or {})
    return set(_read) - {"probe"}, response.status_code


_INPUT = re.compile(r"<(input|textarea|select)\b([^>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r'([\w-]+)(?:="([^"]*)")?')


def form_values(html: str) -> dict[str, str]:
    """
    A form's values as a person sends them: what the page fills in (hidden fields), and for the
    fields it requires a plausible value (an address, a ticked box, a Thai word).
    """
    values = {}
    for _tag, attributes in _INPUT.findall(html):
        attrs = dict(_ATTRIBUTE.findall(attributes))
        name = attrs.get("name")
        if not name or name == "csrfmiddlewaretoken":
            continue
        kind = attrs.get("type", "text")
        if attrs.get("value"):
            values[name] = attrs["value"]
        elif "required" in attrs:
            values[name] = {"email": "citizen@example.org", "checkbox": "on", "password": "x"}.get(kind, "ก")
    return values


@override_settings(CITIZEN_FOLLOW_RATE="1000000/hour", CITIZEN_QUESTION_RATE="1000000/hour")
class PublicSiteTests(HostileRequests, TestCase):
    """The public site and the API's routes as the URL conf has them, anonymous."""

    @classmethod
    def setUpTestData(cls):
        site_data(cls)
        mail_links = [link for body in cls.mails for link in links_in(body)]
        documents = [document.url for document in get_document_model().objects.all()]
        client = cls.client_class(raise_request_exception=False)
        endpoints = Endpoints(client, extra_seeds=[*mail_links, *documents])
        cls.urls = endpoints.urls
        cls.discovery_errors = endpoints.errors
        cls.routes = {route: list(getattr(p.pattern, "converters", {})) for route, p in endpoints.routes.items()}
        cls.reads = {}
        cls.forms = {}
        for key, path in cls.urls.items():
            base = urlsplit(path).path
            cls.reads[key], _status = probe(client, "get", base, query=f"q={quote(WORD)}")
            fields, status = probe(client, "post", base)
            if status != 405:
                html = body_of(client.get(base)).decode(errors="replace")
                cls.forms[key] = (fields, {**form_values(html), **dict.fromkeys(fields - set(form_values(html)), "")})

    def test_every_route_and_every_kinds_pages_in_both_languages_are_reached(self):
        reached = {key.split(" ")[0] for key in self.urls}
        self.assertEqual(set(self.routes) - reached, set())
        page_types = {key.split(" ")[1] for key in self.urls if " " in key}
        for kind in kinds():
            with self.subTest(kind=kind.item_type):
                self.assertIn(
                    kind.model.__name__, page_types, "a published item of this kind: add it to published_item"
                )
                self.assertIn(kind.index_model.__name__, page_types)
        for language in LANGUAGES:
            self.assertTrue(any(f"{language}/" in key for key in self.urls if " " in key))

    def test_no_endpoint_fails_when_asked_plainly(self):
        self.assertEqual(self.discovery_errors, [])

    def test_no_query_value_is_a_server_error_or_an_error_without_its_page(self):
        for key, path in self.urls.items():
            base = urlsplit(path).path
            # A view that reads no parameter, or the same view in another language, gets a sample.
            whole = base.split("/")[1] not in LANGUAGES[1:] and bool(self.reads[key])
            values = hostile.query_values() if whole else hostile.sample(hostile.query_values())
            reads = self.reads[key] or {"q"}
            for name in sorted(reads):
                context = f"q={quote(WORD)}&" if name != "q" and "q" in reads else ""
                for label, value in values.items():
                    self.send("get", f"{base}?{context}{name}={value}", label=f"{name}: {label}")
                for label, query in hostile.query_shapes(name).items() if whole else ():
                    self.send("get", f"{base}?{context}{query}", label=f"{name}: {label}")
        self.assertNoFailures()

    def test_no_form_value_is_a_server_error_or_an_error_without_its_page(self):
        # The forms refuse what is sent faster than a person types: the form is sent a while after it was shown.
        with time_machine.travel(time.time() + 600):
            for key, (fields, valid) in self.forms.items():
                base = urlsplit(self.urls[key]).path
                whole = base.split("/")[1] not in LANGUAGES[1:]
                values = hostile.query_values() if whole else hostile.sample(hostile.query_values())
                for name in sorted(fields):
                    others = "&".join(f"{quote(k)}={quote(v)}" for k, v in valid.items() if k != name)
                    for label, value in values.items():
                        body = f"{others}&{name}={value}"
                        self.send("post", base, label=f"{name}: {label}", data=body, content_type=FORM)
                bodies = hostile.whole_bodies() if whole else hostile.sample(hostile.whole_bodies())
                for label, (body, content_type) in bodies.items():
                    self.send("post", base, label=label, data=body, content_type=content_type)
        self.assertNoFailures()

    def test_no_path_segment_is_a_server_error_or_an_error_without_its_page(self):
        for route, names in self.routes.items():
            segments = {"catch-all": route} if not names and route.endswith(")*)$") else {}
            for label, segment in hostile.PATH_SEGMENTS.items():
                if names:
                    path = "/" + re.sub(r"<[^>]+>", segment, route)
                elif segments:
                    path = "/" + route.split("(")[0] + segment + "/"
                else:
                    continue
                self.send("get", path, label=f"path: {label}")
        self.assertNoFailures()


# -- The API, from its schema --------------------------------------------------------------------------

_HOLE = "\x00hostile\x00"


def operations(schema):
    """Every operation of the schema: (method, path template, parameters, JSON body schema, example)."""
    for template, item in schema["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            parameters = [*item.get("parameters", []), *operation.get("parameters", [])]
            content = operation.get("requestBody", {}).get("content", {})
            json_body = content.get("application/json", {})
            examples = [example["value"] for example in json_body.get("examples", {}).values()]
            yield method, template, parameters, json_body.get("schema"), (examples[0] if examples else {})


def resolved(schema, components):
    while schema and "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    return schema or {}


def field_paths(schema, components, prefix=()):
    """Every field of a body schema, nested ones as paths through their lists and objects."""
    schema = resolved(schema, components)
    for name, field in schema.get("properties", {}).items():
        yield (*prefix, name)
        yield from field_paths(field, components, (*prefix, name))
    items = schema.get("items")
    if items:
        yield from field_paths(items, components, (*prefix, 0))


def with_value(body, path, raw: str) -> str:
    """``body`` as JSON text with the raw JSON token ``raw`` at ``path`` (containers made as needed)."""
    body = json.loads(json.dumps(body))
    container = body
    for step, following in zip(path, path[1:], strict=False):
        empty = [{}] if isinstance(following, int) else {}
        if isinstance(step, int):
            container = container[0]
            continue
        if not isinstance(container.get(step), type(empty)) or not container.get(step):
            container[step] = empty
        container = container[step]
    container[path[-1] if not isinstance(path[-1], int) else 0] = _HOLE
    return json.dumps(body).replace(json.dumps(_HOLE), raw)


def json_links(value):
    """Every address in a JSON answer."""
    if isinstance(value, dict):
        for item in value.values():
            yield from json_links(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_links(item)
    elif isinstance(value, str) and value.startswith(("http://", "https://")):
        yield value


def json_links_of(response) -> list[str]:
    """The paths of the addresses in a JSON answer."""
    if not response.get("Content-Type", "").startswith("application/json"):
        return []
    return [urlsplit(url).path for url in json_links(response.json())]


class ApiTests(HostileRequests, TestCase):
    """Every operation of the API's OpenAPI schema, with an agency's key and without."""

    @classmethod
    def setUpClass(cls):
        # Thousands of requests with one key: over its rate they would all be 429 and test nothing.
        cls.enterClassContext(mock.patch.dict(ApiKeyRateThrottle.THROTTLE_RATES, api_key="1000000/min"))
        # Their history stays in the cache under the key's id, which later tests' keys reuse.
        cls.addClassCleanup(cache.clear)
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        site_data(cls)
        cls.auth = {"authorization": f"Bearer {cls.key}"}
        schema = SchemaGenerator().get_schema(request=None, public=True)
        cls.components = schema["components"]["schemas"]
        cls.operations = list(operations(schema))
        client = cls.client_class(raise_request_exception=False)
        for method, _template, _parameters, _body, example in cls.operations:
            if method == "post" and "item" in example:
                cls.example = {**example, "item": cls.directive.pk}
                # A receipt to read, as a system that sends asynchronously has.
                client.post(
                    _template,
                    json.dumps(cls.example),
                    content_type="application/json",
                    headers={**cls.auth, "prefer": "respond-async"},
                )
        candidates = [str(pk) for pk in Page.objects.order_by("-pk").values_list("pk", flat=True)]
        candidates += [str(pk) for pk in UpdateSubmission.objects.values_list("pk", flat=True)]
        cls.paths = {}
        cls.etags = {}
        linked = []
        for method, template, _parameters, _body, _example in sorted(cls.operations, key=lambda op: op[1].count("{")):
            if "{" not in template:
                cls.paths[method, template] = template
                if method == "get":
                    linked += json_links_of(client.get(template, headers=cls.auth))
                continue
            # One id for every placeholder, then the addresses earlier answers link to (a file of an update).
            pattern = re.compile(re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$")
            tried = [re.sub(r"\{[^}]+\}", candidate, template) for candidate in candidates]
            for path in [*tried, *(link for link in linked if pattern.match(link))]:
                read = client.get(path, headers=cls.auth)
                if read.status_code != 200:
                    continue
                linked += json_links_of(read)
                if method == "get":
                    break
                with transaction.atomic():
                    response = getattr(client, method)(
                        path,
                        "{}",
                        content_type="application/json",
                        headers={**cls.auth, "if_match": read.get("ETag", "")},
                    )
                    transaction.set_rollback(True)
                if response.status_code < 300 or response.status_code == 400:
                    cls.etags[path] = read.get("ETag", "")
                    break
            cls.paths[method, template] = path

    def headers(self, method, path):
        return {**self.auth, "if_match": self.etags.get(path, "")} if method == "patch" else dict(self.auth)

    def test_every_operation_is_probed_on_an_existing_object(self):
        for (method, template), path in self.paths.items():
            with self.subTest(operation=f"{method} {template}"):
                if method == "get":
                    self.assertEqual(self.client.get(path, headers=self.auth).status_code, 200)
                elif "{" in template:
                    self.assertIn(path, self.etags)

    def test_no_query_header_or_path_value_is_a_server_error_or_an_error_without_problem_details(self):
        seen = set()
        for method, template, parameters, _body, _example in self.operations:
            path = self.paths[method, template]
            body = json.dumps(self.example) if method == "post" else ("{}" if method == "patch" else None)
            content_type = "application/json" if body is not None else None
            for parameter in parameters:
                name, where = parameter["name"], parameter["in"]
                # Each parameter gets everything once; where another operation already had it, a sample.
                whole = (where, name) not in seen
                seen.add((where, name))
                values = hostile.query_values() if whole else hostile.sample(hostile.query_values())
                for label, value in values.items():
                    headers = self.headers(method, path)
                    if where == "query":
                        url = f"{path}?{name}={value}"
                    elif where == "path":
                        url = re.sub(r"\{[^}]+\}", value, template)
                    else:
                        url = path
                        headers[name.lower().replace("-", "_")] = unquote(value, encoding="latin-1")
                    self.send(
                        method,
                        url,
                        label=f"{where} {name}: {label}",
                        data=body,
                        content_type=content_type,
                        headers=headers,
                    )
                for label, query in hostile.query_shapes(name).items() if whole and where == "query" else ():
                    self.send(method, f"{path}?{query}", label=f"{name}: {label}", headers=self.headers(method, path))
            for label, value in hostile.sample(hostile.query_values()).items():
                self.send(
                    method, f"{path}?q={value}", label=f"anonymous: {label}", data=body, content_type=content_type
                )
        self.assertNoFailures()

    def test_no_json_field_or_body_is_a_server_error_or_an_error_without_problem_details(self):
        for method, template, _parameters, body_schema, _example in self.operations:
            if body_schema is None:
                continue
            path = self.paths[method, template]
            base = self.example if method == "post" else {}
            values = hostile.json_values() if method == "post" else hostile.sample(hostile.json_values())
            for field in field_paths(body_schema, self.components):
                name = ".".join(map(str, field))
                for label, raw in values.items():
                    self.send(
                        method,
                        path,
                        label=f"{name}: {label}",
                        data=with_value(base, field, raw),
                        content_type="application/json",
                        headers=self.headers(method, path),
                    )
                if method == "post" and len(field) == 1:
                    for label, text in hostile.sample(hostile.TEXTS).items():
                        self.send(
                            method,
                            path,
                            label=f"multipart {name}: {label}",
                            data={**base, name: text},
                            headers=self.auth,
                        )
            for label, (content, content_type) in hostile.whole_bodies().items():
                self.send(
                    method,
                    path,
                    label=label,
                    data=content,
                    content_type=content_type,
                    headers=self.headers(method, path),
                )
        self.assertNoFailures()
