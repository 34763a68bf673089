from imports.commands import ExportCommand


class Command(ExportCommand):
    help = "Export every complaint, without any complainant's personal data, in the format import_complaints reads."
    kind = "complaints"
