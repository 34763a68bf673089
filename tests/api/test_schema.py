"""The OpenAPI 3 schema at /api/v1/schema/ and its interactive docs at /api/v1/docs/, served by PM1."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase


class SchemaTests(TestCase):
    def test_the_schema_documents_the_agency_api_and_its_key_scheme_to_anyone(self):
        response = self.client.get("/api/v1/schema/", {"format": "json"})
        self.assertEqual(response.status_code, 200)
        schema = response.json()
        self.assertTrue(schema["openapi"].startswith("3."))
        for path in ("/api/v1/updates/", "/api/v1/updates/{id}/", "/api/v1/assignments/directives/", "/api/v1/search/"):
            self.assertIn(path, schema["paths"])
        self.assertFalse([path for path in schema["paths"] if not path.startswith("/api/v1/")])
        self.assertEqual(schema["components"]["securitySchemes"]["apiKey"]["scheme"], "bearer")
        assignment = schema["components"]["schemas"]["AssignmentOutput"]["properties"]
        self.assertTrue(assignment["completed_on"]["nullable"] and assignment["deadline"]["nullable"])
        patch = schema["paths"]["/api/v1/updates/{id}/"]["patch"]
        self.assertIn("412", patch["responses"])
        self.assertIn("If-Match", [parameter["name"] for parameter in patch["parameters"]])

    def test_the_schema_is_generated_without_a_warning(self):
        call_command("spectacular", "--validate", "--fail-on-warn", stdout=StringIO(), stderr=StringIO())

    def test_the_docs_load_their_assets_from_pm1_not_from_a_cdn(self):
        response = self.client.get("/api/v1/docs/")
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        self.assertIn("/static/drf_spectacular_sidecar/swagger-ui-dist/", page)
        for cdn in ("cdn.jsdelivr", "unpkg.com", "cdnjs"):
            self.assertNotIn(cdn, page)
