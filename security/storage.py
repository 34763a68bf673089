import posixpath
import secrets

from django.core.files.storage import FileSystemStorage


class UnguessableFileSystemStorage(FileSystemStorage):
    """
    Files under MEDIA_ROOT, each in a directory of its own with a random 128-bit name
    (``documents/3f9c…/report.pdf``): nobody finds an upload by guessing its address, while the
    file keeps its name for downloads.
    """

    def generate_filename(self, filename):
        directory, name = posixpath.split(filename.replace("\\", "/"))
        return super().generate_filename(posixpath.join(directory, secrets.token_hex(16), name))
