"""
What is wrong with a file or one of its rows. Messages are kept as their English msgid and
parameters and translated when shown, so one import reads in Thai for one administrator and in
English for another (and in the command's language on the console).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext

ERROR = "error"
WARNING = "warning"


class ValueProblem(Exception):
    """A cell's value cannot be used; ``message`` is a msgid marked with ``gettext_noop``."""

    def __init__(self, message: str, **params):
        super().__init__(message)
        self.message = message
        self.params = params


@dataclass(frozen=True)
class Problem:
    """One problem: the file's row number (0 for the file as a whole), the column and the value."""

    row: int
    column: str
    value: str
    message: str
    params: dict = field(default_factory=dict, hash=False, compare=False)
    level: str = ERROR
    #: The parameters that are msgids themselves (a status's label), translated when shown too.
    translated_params: tuple[str, ...] = field(default=(), hash=False, compare=False)

    @property
    def text(self) -> str:
        if not self.params:
            return gettext(self.message)
        params = {
            name: gettext(value) if name in self.translated_params else value for name, value in self.params.items()
        }
        return gettext(self.message) % params

    def as_json(self) -> dict:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
            "params": self.params,
            "level": self.level,
            "translated_params": list(self.translated_params),
        }

    @classmethod
    def from_json(cls, data: dict) -> "Problem":
        return cls(**{**data, "translated_params": tuple(data.get("translated_params", ()))})
