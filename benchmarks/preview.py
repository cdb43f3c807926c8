"""Benchmark `reportgen preview`: the warm rebuild after a template change.

    python benchmarks/preview.py --runs 5 [--json benchmarks/results/preview.json]

Runs the preview in this process (a thread, on a free port), waits for the first build, then saves
an edited user template ``--runs`` times and records for each: the rebuild itself (as the preview
reports it) and the time from the save to the new version being published (adds the watcher's
debounce). The libraries are imported by then, so this is what a template author waits for.
For comparison it then saves the data file (unchanged bytes) ``--runs`` times: a full rebuild.
"""

from __future__ import annotations

import argparse
import json
import platform
import queue
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET_WARM_REBUILD = 1.0  # seconds, median, template saved -> page can reload


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()

    from reportgen.config import make_config
    from reportgen.export import copy_templates
    from reportgen.preview import BuildEvent, run_preview

    with tempfile.TemporaryDirectory() as folder:
        templates = Path(folder) / "tpl"
        copy_templates(templates)
        data = Path(folder) / "data.csv"
        data.write_bytes((Path(__file__).resolve().parent.parent / "data" / "sleepstudy.csv").read_bytes())
        events: queue.Queue[tuple[float, BuildEvent]] = queue.Queue()
        stop = threading.Event()
        thread = threading.Thread(
            target=run_preview,
            args=(lambda: make_config(data_path=data, templates_dir=templates, formats=("html",)),),
            kwargs={"on_build": lambda e: events.put((time.perf_counter(), e)), "stop": stop},
            daemon=True,
        )
        thread.start()
        _, first = events.get(timeout=300)
        assert first.error is None, first.error
        rebuild, end_to_end = [], []
        template = templates / "report.html.j2"
        for run in range(args.runs):
            time.sleep(0.5)
            saved = time.perf_counter()
            template.write_text(template.read_text() + f"{{# edit {run} #}}\n")
            published, event = events.get(timeout=300)
            assert event.error is None and event.templates_only, event
            rebuild.append(event.seconds)
            end_to_end.append(published - saved)
            print(f"run {run + 1}: rebuild {event.seconds:.2f} s, save -> reload {published - saved:.2f} s")
        full = []
        for run in range(args.runs):
            time.sleep(0.5)
            data.write_bytes(data.read_bytes())
            _, event = events.get(timeout=300)
            assert event.error is None and not event.templates_only, event
            full.append(event.seconds)
            print(f"data saved {run + 1}: full rebuild {event.seconds:.2f} s")
        stop.set()
        thread.join(timeout=30)

    record = {
        "benchmark": "preview warm rebuild after a template change",
        "runs": args.runs,
        "first_build_s": round(first.seconds, 2),
        "rebuild_s": {"median": round(statistics.median(rebuild), 2), "all": [round(x, 2) for x in rebuild]},
        "save_to_reload_s": {
            "median": round(statistics.median(end_to_end), 2),
            "all": [round(x, 2) for x in end_to_end],
        },
        "target_save_to_reload_s": TARGET_WARM_REBUILD,
        "full_rebuild_after_data_save_s": {
            "median": round(statistics.median(full), 2),
            "all": [round(x, 2) for x in full],
        },
        "python": platform.python_version(),
    }
    print(json.dumps(record, indent=2))
    if args.json:
        args.json.write_text(json.dumps(record, indent=2) + "\n")


if __name__ == "__main__":
    main()
