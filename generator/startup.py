"""A command's start and end without the costs docgen does not need.

* pydantic looks for plugins when it builds its first model: it imports
  ``importlib.metadata`` and reads the metadata of every installed package
  (about 30 ms a run). docgen uses no pydantic plugin, so the command line
  tells pydantic there are none, before any model is built.
* When a command is done, the interpreter's teardown (freeing every module
  and object one by one) costs more than some commands themselves; once the
  output is flushed and nothing else is running, the process simply ends.
"""

from __future__ import annotations

import os
import sys
import threading
import types

_LOADER = "pydantic.plugin._loader"


def no_pydantic_plugins() -> None:
    """Make pydantic find no plugins without looking (unless it has looked already)."""
    if _LOADER in sys.modules:
        return
    loader = types.ModuleType(_LOADER, "docgen: no pydantic plugins are looked for")
    loader.get_plugins = lambda: ()  # type: ignore[attr-defined]
    sys.modules[_LOADER] = loader


def end(status: int) -> None:
    """Flush the output and end the process with ``status``, skipping the teardown when
    it is safe: no other thread and no child process still running."""
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):
        status = status or 1
    try:
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass
    children = sys.modules.get("multiprocessing")
    if threading.active_count() == 1 and not (children and children.active_children()):
        os._exit(status)
    sys.exit(status)
