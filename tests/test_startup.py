"""How a command starts and ends (generator.startup)."""

from __future__ import annotations

import subprocess
import sys


def run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


def test_the_end_flushes_what_was_printed_and_keeps_the_status():
    done = run("from generator.startup import end\n"
               "import atexit\n"
               "atexit.register(lambda: print('teardown ran'))\n"
               "print('written path', end='')\n"
               "end(3)\n")
    assert done.returncode == 3
    assert done.stdout == "written path"  # flushed, and no teardown after it


def test_the_end_waits_for_a_thread_still_running():
    done = run("import threading, time\n"
               "from generator.startup import end\n"
               "threading.Thread(target=lambda: (time.sleep(0.2), print('thread done'))).start()\n"
               "end(0)\n")
    assert done.returncode == 0
    assert "thread done" in done.stdout


def test_pydantic_looks_for_no_plugins_once_the_command_line_is_loaded():
    done = run("import sys\n"
               "import generator.cli\n"
               "from generator.loader import load_client\n"
               "print('importlib.metadata' in sys.modules)\n")
    assert done.stdout.strip() == "False", done.stderr


def test_validate_loads_neither_the_formatting_nor_the_rendering_modules():
    from .conftest import SAMPLES

    done = run("import sys\n"
               "from generator.cli import main\n"
               f"main(['validate', {str(SAMPLES[0])!r}])\n"
               "print(sorted(m for m in ('babel.dates', 'babel.units', 'generator.i18n',"
               " 'generator.pipeline', 'jinja2') if m in sys.modules))\n")
    assert done.stdout.strip() == "[]", done.stderr
