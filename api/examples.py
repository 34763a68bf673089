"""
Examples in the OpenAPI schema, in Thai as agency developers send and read them. Their shapes are
those the API answers (``tests/api/test_schema.py`` compares them with real answers).
"""

from drf_spectacular.utils import OpenApiExample

__all__ = ["ASSIGNMENTS", "SUBMISSION", "UPDATE", "UPDATE_REQUEST", "UPDATE_SUBMITTED"]

ITEM = {
    "type": "directive",
    "id": 1234,
    "ref": "นร 0505/ว 123",
    "title": "เร่งรัดการฉีดวัคซีนป้องกันโรคไข้หวัดใหญ่ให้กลุ่มเสี่ยงครบทุกจังหวัด",
    "track": "policy",
    "status": "on_track",
    "visibility": "public",
    "url": "https://pm1.example.go.th/th/directives/2569-0505-123/",
}

UPDATE_VALUES = {
    "item": 1234,
    "period_start": "1/1/2569",
    "period_end": "31/3/2569",
    "status_claim": "on_track",
    "percent_complete": 40,
    "status_reason": "เริ่มฉีดวัคซีนครบทุกจังหวัดแล้ว",
    "narrative": "จัดสรรวัคซีน 1.2 ล้านโดสให้สำนักงานสาธารณสุขจังหวัด\n\nฉีดแล้ว 480,000 โดส",
    "public_summary": "ฉีดวัคซีนแล้วร้อยละ 40 ของกลุ่มเป้าหมาย",
    "title": "รายงานความก้าวหน้า ไตรมาส 2 ปีงบประมาณ 2569",
}

UPDATE_REQUEST = OpenApiExample("รายงานความก้าวหน้ารายไตรมาส", value=UPDATE_VALUES, request_only=True)

UPDATE_JSON = {
    "id": 5678,
    "item": ITEM,
    "agency": "MOPH",
    "title": UPDATE_VALUES["title"],
    "period_start": "2026-01-01",
    "period_end": "2026-03-31",
    "status_claim": "on_track",
    "percent_complete": 40,
    "status_reason": UPDATE_VALUES["status_reason"],
    "public_summary": UPDATE_VALUES["public_summary"],
    "last_published_at": None,
    "indicator_values": [],
    "state": "in_moderation",
    "task": "Agency approval",
    "comments": [],
    "evidence": [
        {
            "id": 77,
            "name": "รายงานผลการฉีดวัคซีน.pdf",
            "title": "รายงานผลการฉีดวัคซีน.pdf",
            "size": 482133,
            "content_type": "application/pdf",
            "caption": "",
            "url": "https://pm1.example.go.th/api/v1/updates/5678/evidence/77/",
        }
    ],
}

UPDATE = OpenApiExample("รายงานที่อยู่ระหว่างการตรวจสอบ", value=UPDATE_JSON, response_only=True, status_codes=["200"])
UPDATE_SUBMITTED = OpenApiExample("ส่งเข้าสู่การตรวจสอบแล้ว", value=UPDATE_JSON, response_only=True, status_codes=["201"])

SUBMISSION = OpenApiExample(
    "รับไว้แล้ว จะสร้างรายงานในเบื้องหลัง (Prefer: respond-async)",
    value={
        "id": 91,
        "state": "received",
        "agency": "MOPH",
        "item": 1234,
        "received_at": "2026-03-31T09:30:00Z",
        "processed_at": None,
        "update": None,
        "update_url": None,
        "errors": {},
    },
    response_only=True,
    status_codes=["202", "200"],
)

#: One assignment: the schema shows it in a cursor page.
ASSIGNMENTS = OpenApiExample(
    "ข้อสั่งการที่หน่วยงานได้รับมอบหมาย",
    value={
        "id": 321,
        "item": ITEM,
        "role": "lead",
        "deadline": "2026-09-30",
        "status": "on_track",
        "overdue": False,
        "completed_on": None,
        "updated_at": "2026-03-31T09:30:00Z",
    },
    response_only=True,
    status_codes=["200"],
)
