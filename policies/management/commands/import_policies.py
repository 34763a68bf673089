from imports.commands import ImportCommand


class Command(ImportCommand):
    help = (
        "Import policies from a CSV or XLSX file with the columns number, parent, title_th, summary_th, body_th, "
        "title_en, summary_en, body_en, category, period_start, period_end, agencies, deadline, indicators, status, "
        "visibility; number is the key and parent rebuilds the tree. New rows create policies, changed rows update "
        "them with a new revision, unchanged rows are left alone. See docs/import.md."
    )
    kind = "policies"
