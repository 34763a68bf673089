"""Progress updates imported from the archive carry what they lack until an editor supplies it."""

from updates.models import ProgressUpdatePage, UpdateGap


def test_an_editor_who_adds_the_reason_or_the_evidence_removes_its_mark():
    update = ProgressUpdatePage(status_claim="completed", reason_not_recorded=True, evidence_not_recorded=True)
    update.gaps_close(status_reason=" ", status_claim="completed", evidence_count=0)
    assert update.gaps == (UpdateGap.REASON, UpdateGap.EVIDENCE)
    update.gaps_close(status_reason="งบประมาณล่าช้า", status_claim="completed", evidence_count=0)
    assert update.gaps == (UpdateGap.EVIDENCE,)
    update.gaps_close(status_reason="งบประมาณล่าช้า", status_claim="completed", evidence_count=1)
    assert update.gaps == ()


def test_a_status_other_than_completed_needs_no_evidence():
    update = ProgressUpdatePage(status_claim="completed", evidence_not_recorded=True)
    update.gaps_close(status_reason="", status_claim="on_track", evidence_count=0)
    assert update.gaps == ()
