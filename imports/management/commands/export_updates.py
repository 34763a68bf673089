from imports.commands import ExportCommand


class Command(ExportCommand):
    help = "Export every progress update of a tracked item in the format import_updates reads (docs/import.md)."
    kind = "updates"
