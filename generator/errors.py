"""The one exception family that carries messages meant for the user.

Every error a user should read is a :class:`DocgenError` with a finished
message. Only the command line (``cli.main``) prints them; library code
raises and never prints. Every message passes :func:`printable` on its way out,
so input quoted in it cannot reach the terminal raw.
"""

from __future__ import annotations

import click


def printable(text: str, lines: bool = False) -> str:
    """``text`` with every character a terminal would not show as itself written as a
    JSON escape, as in the file it came from: ESC and other controls (``\\u001b``),
    line breaks (``\\n``; kept when ``lines``), invisible format characters
    (``\\u200b``), unpaired surrogates (``\\udfff``). A message quoting a file then can
    neither drive the terminal (clear it, colour it) nor split one problem over two
    lines."""
    if text.isprintable():
        return text
    if lines:
        return "\n".join(printable(line) for line in text.split("\n"))
    return "".join(c if c.isprintable() else _escape(c) for c in text)


def _escape(char: str) -> str:
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char)
    code = ord(char)
    return named or (f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")


class DocgenError(click.ClickException):
    """Base of every user-facing error; ``exit_code`` is the process status."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(printable(message, lines=True))

    def show(self, file=None) -> None:
        """One ``error:`` line per line of the message (one per problem)."""
        for line in self.format_message().splitlines() or [""]:
            click.echo(f"error: {line}", err=True)


class InputError(DocgenError):
    """A client file (or several) is invalid. ``problems`` holds one line per problem."""

    exit_code = 2

    def __init__(self, problems: list[str]) -> None:
        self.problems = [printable(problem) for problem in problems]
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
