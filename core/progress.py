"""
What long-running management commands show: progress bars drawn on a terminal and nowhere else,
and no log line for each of the thousands of saves they make.
"""

import logging
import sys
from contextlib import contextmanager

from tqdm import tqdm


@contextmanager
def progress_callback(description: str, *, unit: str, file=None, show: bool = True):
    """
    Yield a ``progress(done, total)`` callback that draws a tqdm bar on ``file`` (standard error by
    default), unless ``show`` is false. ``disable=None`` is tqdm's own "only on a TTY": a log or a pipe
    gets no bar, where its ``\\r`` updates would make one endless line.
    """
    disable = None if show else True
    with tqdm(desc=description, unit=unit, file=file or sys.stderr, disable=disable, leave=False) as bar:

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        yield progress


@contextmanager
def quiet_logs(names=("wagtail", "django_tasks")):
    """Raise the given loggers to WARNING: the loaders would otherwise log every page save and task."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(max(logger.getEffectiveLevel(), logging.WARNING))
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
