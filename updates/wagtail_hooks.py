from wagtail import hooks

from .views import serve_evidence_only_to_readers

hooks.register("before_serve_document", serve_evidence_only_to_readers)
