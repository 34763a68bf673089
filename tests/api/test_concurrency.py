"""
Agency systems retry and send in parallel: on PostgreSQL, where requests really run at once,
the same Idempotency-Key sent at once creates one update, and updates sent at once under one item
are all created. (SQLite runs one writer at a time: there is nothing to race.)
"""

import json
import threading

from django.db import connection
from django.test import Client, TransactionTestCase

from api.services import apikey_issue
from tests import builders
from updates.models import ProgressUpdatePage

URL = "/api/v1/updates/"
PARALLEL = 4


class ConcurrentSubmitTests(TransactionTestCase):
    serialized_rollback = True

    def setUp(self):
        if connection.vendor != "postgresql":
            self.skipTest("concurrent writers need PostgreSQL")
        moph = builders.agency("MOPH", "กระทรวงสาธารณสุข")
        self.directive = builders.directive("นร 1/2569", moph)
        self.key = apikey_issue(agency=moph, name="ระบบ")[1]

    def send_at_once(self, keys):
        barrier, answers = threading.Barrier(len(keys)), []
        body = json.dumps(
            {
                "item": self.directive.pk,
                "period_start": "2026-01-01",
                "period_end": "2026-03-31",
                "status_claim": "on_track",
                "percent_complete": 10,
                "status_reason": "เริ่มดำเนินการ",
            }
        )

        def send(key):
            try:
                barrier.wait()
                response = Client().post(
                    URL,
                    body,
                    content_type="application/json",
                    headers={"authorization": f"Bearer {self.key}", "idempotency_key": key},
                )
                answers.append((response.status_code, response.json().get("id")))
            finally:
                connection.close()

        threads = [threading.Thread(target=send, args=(key,)) for key in keys]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return answers

    def test_the_same_idempotency_key_sent_at_once_creates_one_update(self):
        answers = self.send_at_once(["same-key"] * PARALLEL)
        self.assertEqual({status for status, _ in answers}, {201})
        self.assertEqual(len({update_id for _, update_id in answers}), 1)
        self.assertEqual(ProgressUpdatePage.objects.count(), 1)

    def test_updates_sent_at_once_under_one_item_are_all_created(self):
        answers = self.send_at_once([f"key-{n}" for n in range(PARALLEL)])
        self.assertEqual([status for status, _ in answers], [201] * PARALLEL)
        slugs = set(ProgressUpdatePage.objects.values_list("slug", flat=True))
        self.assertEqual(len(slugs), PARALLEL)
