"""The ``docgen import`` command: options in, the change or the written paths out."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from ..batch import collect_inputs
from ..config import read_settings
from ..errors import printable
from . import run_import, summary, write


def import_command(sources: Sequence[Path], into: Path, kind: str | None, dry_run: bool,
                   quiet: bool) -> None:
    """Import; with ``dry_run`` print the diff on stdout, else write the changed files
    and print their paths (what changed in each, and warnings, on stderr)."""
    settings = read_settings()
    imported = run_import(sources, collect_inputs([into]), kind, settings)
    say = (lambda line: None) if quiet else (
        lambda line: click.echo(printable(line), err=True))
    for line in imported.notes:
        say(f"note: {line}")
    for line in imported.warnings:
        say(f"warning: {line}")
    if dry_run:
        click.echo(imported.diff(), nl=False)
    else:
        for path in write(imported):
            click.echo(str(path))
    for line in summary(imported):
        say(line)
    verb = "would change" if dry_run else "changed"
    say(f"{imported.rows} rows read; {verb} {len(imported.changed)} client file(s)")
