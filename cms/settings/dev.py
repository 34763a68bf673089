"""Local development on the embedded default: SQLite, database search, mail to the console."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-not-secret-pm1")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["*"])
