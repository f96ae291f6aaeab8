"""Client folders for benchmarks and tests: the samples made into many distinct clients."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "samples").glob("*.json"))

TEXT_KEYS = {"name", "title", "description", "outcome", "initiative", "action", "recommendation",
             "note", "goal", "current_status", "challenge", "resolution", "summary", "want",
             "so_that", "objectives", "reason", "location", "activity", "category", "wins",
             "risks", "stories", "business_updates", "success_factors"}
AMOUNT_KEYS = {"value", "invoiced", "paid", "planned", "actual", "cost"}
COUNT_KEYS = {"active_users", "transactions", "orders"}


def distinct(value, i: int, key: str = ""):
    """A sample made into client ``i``: its free texts end with " i" and its amounts and
    counts change a little, so no two clients share their words or numbers (a batch of
    identical copies would flatter every per-process cache). The vendor stays: a team
    runs a batch for its own clients."""
    if isinstance(value, dict):
        if key in TEXT_KEYS:  # one text per language
            return {lang: distinct(text, i, key) for lang, text in value.items()}
        return {k: v if k == "vendor" else distinct(v, i, k) for k, v in value.items()}
    if isinstance(value, list):
        return [distinct(v, i, key) for v in value]
    if isinstance(value, str) and key in TEXT_KEYS:
        return f"{value} {i}"
    if isinstance(value, float | int) and not isinstance(value, bool):
        if key in AMOUNT_KEYS:
            return round(value * (1 + i / 997), 2)
        if key in COUNT_KEYS:
            return value + i
    return value


def make_clients(folder: Path, copies: int) -> list[Path]:
    """``copies`` clients of each sample in ``folder`` (``<sample>-<i>.json``), as the
    batch benchmark makes them; their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(SAMPLES[0].parent / "logos", folder / "logos",  # the samples' logos
                    dirs_exist_ok=True)
    paths = []
    for path in SAMPLES:
        data = json.loads(path.read_text(encoding="utf-8"))
        data.pop("$schema", None)
        for i in range(copies):
            target = folder / f"{path.stem}-{i:03d}.json"
            target.write_text(json.dumps(distinct(data, i), ensure_ascii=False),
                              encoding="utf-8")
            paths.append(target)
    return paths
