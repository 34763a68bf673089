from imports.commands import ExportCommand


class Command(ExportCommand):
    help = "Export every directive in the format import_directives reads (see docs/import.md)."
    kind = "directives"
