from imports.commands import ImportCommand


class Command(ImportCommand):
    help = (
        "Import complaints from a CSV or XLSX file with the columns ref, title_th, track, received_on, channel, "
        "mp_or_committee, category, province, district, details, public_summary, agencies, deadline, status, "
        "visibility; ref (the case number) is the key. The complainant's personal data is never imported: enter "
        "it in the admin. See docs/import.md."
    )
    kind = "complaints"
