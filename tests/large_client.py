"""A large, realistic client made from the samples, for layout tests and previews.

:func:`large_client` takes the Caddo Ridge sample (a vCIO client with an IT budget and
hardware) and the Kestonbury sample's success-plan sections, and grows them: many KPIs
with a year of monthly measurements, many outcomes, assets and action items, and long
texts. ``python -m tests.large_client OUT.json`` writes one with the defaults, to look at
with ``docgen preview OUT.json``.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SENTENCE = ("The clinic team asked for the change after the November review, and the vendor "
            "agreed to deliver it in two stages so that chairs stay in use during the work. ")
RUSSIAN = ("Производительность ремонтных служб выросла после обязательного "
           "освидетельствования оборудования и внедрения планово-предупредительных ремонтов. ")


def _sample(name: str) -> dict:
    return json.loads((ROOT / "samples" / f"{name}.json").read_text(encoding="utf-8"))


def long_text(length: int, seed: int = 0, russian: bool = False) -> str:
    """About ``length`` characters of ordinary prose (whole words, one sentence repeated)."""
    base = RUSSIAN if russian else SENTENCE
    text = f"{seed + 1}. " + base * (length // len(base) + 1)
    return text[:length].rsplit(" ", 1)[0].rstrip(",") + "."


def _months(start: dt.date, count: int) -> list[dt.date]:
    found = []
    year, month = start.year, start.month
    for _ in range(count):
        month += 1
        if month > 12:
            year, month = year + 1, 1
        first_next = dt.date(year + (month == 12), month % 12 + 1, 1)
        found.append(first_next - dt.timedelta(days=1))
    return found


def large_client(kpis: int = 12, measurements: int = 6, outcomes: int = 12, assets: int = 40,
                 actions: int = 25, text: int = 400, budget: int = 12,
                 bilingual: bool = False) -> dict:
    """A client file (as a dict) with the given numbers of each, its long texts ``text``
    characters long; with ``bilingual`` every long text is given in English and Russian."""
    data = _sample("caddo-ridge-dental")
    extra = _sample("kestonbury-print")
    data.pop("$schema", None)
    data["client"]["name"] = "Brazos Valley Dental Group"
    for part in ("client", "vendor"):  # logos beside the samples, wherever this file goes
        if data[part].get("logo"):
            data[part]["logo"] = str(ROOT / "samples" / data[part]["logo"])
    for key in ("use_cases", "milestones", "process_changes", "communications", "results"):
        data[key] = copy.deepcopy(extra[key])

    def say(length: int, seed: int):
        english = long_text(length, seed)
        if bilingual:
            return {"en": english, "ru": long_text(length, seed, russian=True)}
        return english

    base_outcomes = data["outcomes"]
    data["outcomes"] = []
    for i in range(outcomes):
        item = copy.deepcopy(base_outcomes[i % len(base_outcomes)])
        item["outcome"] = f"{item['outcome']} ({i + 1})"
        item["current_status"] = say(text, i)
        item["priority"] = min(i + 1, 10)
        data["outcomes"].append(item)
    names = [o["outcome"] for o in data["outcomes"]]

    base_kpis = data["kpis"]
    data["kpis"] = []
    year, month = divmod(2026 * 12 + 11 - measurements, 12)  # the last falls in Dec 2026
    start = _months(dt.date(year, month + 1, 1), 1)[0].replace(day=1) - dt.timedelta(days=1)
    dates = _months(start, measurements)
    for i in range(kpis):
        item = copy.deepcopy(base_kpis[i % len(base_kpis)])
        item["id"] = f"{item['id']}-{i + 1}"
        item["name"] = f"{item['name']} ({i + 1})"
        item["outcome"] = names[i % len(names)]
        item["description"] = say(text // 2, i)
        item["baseline"] = {"date": start.isoformat(), "value": item["baseline"]["value"]}
        target = item["target"]["value"]
        first = item["baseline"]["value"]
        item["target"]["date"] = dates[-1].isoformat()
        item["measurements"] = [
            {"date": d.isoformat(),
             "value": round(first + (target - first) * (n + 1) / (measurements + 1), 2)}
            for n, d in enumerate(dates)]
        data["kpis"].append(item)

    quarter = data["quarters"]["2026-Q4"]
    quarter["summary"] = say(text, 99)
    base_assets = quarter["assets"]
    quarter["assets"] = []
    for i in range(assets):
        item = copy.deepcopy(base_assets[i % len(base_assets)])
        item["name"] = f"{item['name']}-{i + 1:02d}"
        item["serial"] = f"{item['serial']}{i:02d}"
        if i % 7 == 0:
            item["recommendation"] = say(text, i)
        quarter["assets"].append(item)
    base_budget = quarter["budget"]
    quarter["budget"] = []
    for i in range(budget):
        item = copy.deepcopy(base_budget[i % len(base_budget)])
        if i >= len(base_budget):
            item["category"] = f"{item['category']} ({i + 1})"
        quarter["budget"].append(item)
    base_actions = quarter["action_items"]
    quarter["action_items"] = []
    for i in range(actions):
        item = copy.deepcopy(base_actions[i % len(base_actions)])
        item["action"] = say(text // 3, i) if i % 5 == 0 else f"{item['action']} ({i + 1})"
        quarter["action_items"].append(item)
    # the deck of 2026-Q4 reads the measurements up to the end of 2026
    data["quarters"] = {"2026-Q4": quarter}
    return data


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m tests.large_client OUT.json", file=sys.stderr)
        return 2
    Path(argv[0]).write_text(json.dumps(large_client(), ensure_ascii=False, indent=1),
                             encoding="utf-8")
    print(argv[0])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
