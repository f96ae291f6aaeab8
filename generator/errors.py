"""The one exception family that carries messages meant for the user.

Every error a user should read is a :class:`DocgenError` with a finished
message. Only the command line (``cli.main``) prints them; library code
raises and never prints.
"""

from __future__ import annotations

import click


class DocgenError(click.ClickException):
    """Base of every user-facing error; ``exit_code`` is the process status."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)

    def show(self, file=None) -> None:
        """One ``error:`` line per line of the message (one per problem)."""
        for line in self.format_message().splitlines() or [""]:
            click.echo(f"error: {line}", err=True)


class InputError(DocgenError):
    """A client file (or several) is invalid. ``problems`` holds one line per problem."""

    exit_code = 2

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))

    def show(self, file=None) -> None:
        for line in self.problems:
            click.echo(line, err=True)


class UsageError(DocgenError):
    """A command was called with options that cannot work together or a missing resource."""

    exit_code = 2


class TemplateError(DocgenError):
    """A template is missing, unreadable, or lacks something the document needs."""

    exit_code = 2


class RenderError(DocgenError):
    """A document could not be written (status 1: other documents may still succeed)."""

    exit_code = 1


class ConverterError(DocgenError):
    """The office converter (LibreOffice) is missing, failed or timed out."""

    exit_code = 1
