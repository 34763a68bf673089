from imports.commands import ExportCommand


class Command(ExportCommand):
    help = "Export every numbered policy, parents first, in the format import_policies reads (see docs/import.md)."
    kind = "policies"
