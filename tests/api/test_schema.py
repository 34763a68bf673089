"""The OpenAPI 3 schema at /api/v1/schema/ and its interactive docs at /api/v1/docs/, served by PM1."""

import json
from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from api.services import apikey_issue
from tests import builders


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

    def test_the_evidence_of_an_update_and_its_download_are_documented(self):
        schema = self.client.get("/api/v1/schema/", {"format": "json"}).json()
        download = schema["paths"]["/api/v1/updates/{id}/evidence/{evidence}/"]["get"]
        self.assertEqual(download["responses"]["200"]["content"]["*/*"]["schema"]["format"], "binary")
        self.assertEqual({"401", "404"} - set(download["responses"]), set())
        read = schema["paths"]["/api/v1/updates/{id}/"]["get"]["responses"]["200"]["content"]["application/json"]
        (example,) = read["examples"].values()
        self.assertEqual(
            set(example["value"]["evidence"][0]), {"id", "name", "title", "size", "content_type", "caption", "url"}
        )

    def test_the_schema_is_generated_without_a_warning(self):
        call_command("spectacular", "--validate", "--fail-on-warn", stdout=StringIO(), stderr=StringIO())

    def test_the_docs_load_their_assets_from_pm1_not_from_a_cdn(self):
        response = self.client.get("/api/v1/docs/")
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        self.assertIn("/static/drf_spectacular_sidecar/swagger-ui-dist/", page)
        for cdn in ("cdn.jsdelivr", "unpkg.com", "cdnjs"):
            self.assertNotIn(cdn, page)


class SchemaExampleTests(TestCase):
    """The schema's examples are in Thai and shaped like what the API really answers."""

    @classmethod
    def setUpTestData(cls):
        cls.moph = builders.agency("MOPH", "กระทรวงสาธารณสุข", short_name_th="สธ.")
        cls.directive = builders.directive("นร 1/2569", cls.moph)
        cls.key = apikey_issue(agency=cls.moph, name="ระบบรายงาน")[1]
        cls.schema = cls.client_class().get("/api/v1/schema/", {"format": "json"}).json()

    def examples(self, path, method, status=None):
        operation = self.schema["paths"][path][method]
        content = operation["responses"][status] if status else operation["requestBody"]
        return [example["value"] for example in content["content"]["application/json"]["examples"].values()]

    def call(self, method, url, body=None, **headers):
        headers = {"authorization": f"Bearer {self.key}", "accept_language": "th", **headers}
        if body is None:
            return getattr(self.client, method)(url, headers=headers)
        return getattr(self.client, method)(url, json.dumps(body), content_type="application/json", headers=headers)

    def test_an_update_sent_as_the_example_is_answered_as_the_example_shows(self):
        (request,) = self.examples("/api/v1/updates/", "post")
        self.assertRegex(request["status_reason"] + request["public_summary"], "[ก-๙]")
        response = self.call("post", "/api/v1/updates/", {**request, "item": self.directive.pk})
        self.assertEqual(response.status_code, 201, response.content)
        (created,) = self.examples("/api/v1/updates/", "post", "201")
        self.assertEqual(set(response.json()), set(created))
        self.assertEqual(set(response.json()["item"]), set(created["item"]))
        (read,) = self.examples("/api/v1/updates/{id}/", "get", "200")
        self.assertEqual(set(self.call("get", response["Location"]).json()), set(read))

        accepted = self.call("post", "/api/v1/updates/", {**request, "item": self.directive.pk}, prefer="respond-async")
        (receipt,) = self.examples("/api/v1/updates/", "post", "202")
        self.assertEqual(set(accepted.json()), set(receipt))

    def test_problem_examples_are_the_thai_answers_of_the_api(self):
        (bad_request,) = self.examples("/api/v1/updates/", "post", "400")
        response = self.call("post", "/api/v1/updates/", {"item": self.directive.pk, "period_end": "31/13/2569"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["title"], bad_request["title"])
        self.assertEqual(response.json()["errors"]["period_end"], bad_request["errors"]["period_end"])
        (not_found,) = self.examples("/api/v1/updates/{id}/", "get", "404")
        self.assertEqual(self.call("get", "/api/v1/updates/999999/").json(), not_found)

    def test_the_assignment_example_is_a_page_of_assignments_like_the_real_one(self):
        (page,) = self.examples("/api/v1/assignments/directives/", "get", "200")
        real = self.call("get", "/api/v1/assignments/directives/").json()
        self.assertEqual(set(page), set(real))
        self.assertEqual(set(page["results"][0]), set(real["results"][0]))
        self.assertEqual(set(page["results"][0]["item"]), set(real["results"][0]["item"]))
        self.assertRegex(page["results"][0]["item"]["title"], "[ก-๙]")
