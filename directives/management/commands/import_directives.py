from imports.commands import ImportCommand


class Command(ImportCommand):
    help = (
        "Import directives from a CSV or XLSX file with the columns ref, title_th, body_th, title_en, body_en, "
        "issued_on, occasion, track, agencies, deadline, status (and optionally priority, visibility); ref is the "
        "key. New rows create directives, changed rows update them with a new revision, unchanged rows are left "
        "alone. See docs/import.md."
    )
    kind = "directives"
