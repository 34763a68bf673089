"""
PM1 as gunicorn serves it (``cms.wsgi``), for the tests that run real server processes: each
response says which worker process answered (``X-Test-Worker``), and two addresses only these tests
use let them ask for the kinds' listings, keep a worker busy for a moment (so that the other answers)
and publish an item in the process that answers.
"""

import json
import os
import time
from urllib.parse import parse_qs

from django.db import close_old_connections

from cms.wsgi import application as site
from core.kinds import kind_named, kinds
from tests.website.helpers import item_publish, listing_url

WORKER = "X-Test-Worker"


def _json(start_response, value):
    body = json.dumps(value).encode()
    start_response("200 OK", [("Content-Type", "application/json"), (WORKER, str(os.getpid()))])
    return [body]


def application(environ, start_response):
    path = environ["PATH_INFO"]
    if path == "/__test__/listings/":
        close_old_connections()
        return _json(start_response, {kind.item_type: listing_url(kind) for kind in kinds()})
    if path == "/__test__/hold/":
        # Keeps this worker busy, so that a request sent meanwhile is taken by the other one.
        time.sleep(float(parse_qs(environ["QUERY_STRING"])["seconds"][0]))
        return _json(start_response, {})
    if path == "/__test__/publish/" and environ["REQUEST_METHOD"] == "POST":
        close_old_connections()
        query = {name: values[0] for name, values in parse_qs(environ["QUERY_STRING"]).items()}
        item = item_publish(kind_named(query["kind"]), query["title"])
        return _json(start_response, {"url": item.url})

    def start_answered_by(status, headers, exc_info=None):
        return start_response(status, [*headers, (WORKER, str(os.getpid()))], exc_info)

    return site(environ, start_answered_by)
