from imports.commands import ImportCommand


class Command(ImportCommand):
    help = (
        "Import historical progress updates from a CSV or XLSX file with the columns item, agency, period_start, "
        "period_end, status, percent_complete, status_reason, narrative, public_summary, title; item (the reference "
        "of a directive, complaint or foreign-affairs commitment, or a policy's number), agency and period_end are "
        "the key. With --publish they are published as approved history by the importing user; otherwise they are "
        "drafts. See docs/import.md."
    )
    kind = "updates"
