"""The benchmark: the plugin's builds against the floor, side by side, at several archive sizes.

    python bench/run.py                      # both corpora; N = 100, 1,000, 5,000; 3 repetitions
    python bench/run.py --big                # also N = 10,000
    python bench/run.py --corpus short --sizes 20 --repeats 1 --out /tmp/bench.json

For each corpus (``short``: typical postmortems of about 500 words; ``long``: three times
longer; see bench/generate.py) and each N it generates a synthetic site and measures,
in one run, the commands below, rotating their order from one repetition to the next so
that machine drift falls on every command alike:

- ``internal``: ``mkdocs build --strict`` of the full internal site;
- ``public``: the same with ``mkdocs.public.yml``;
- ``floor``: a plain Material build of N ordinary pages with the same text, beside the
  example's own pages and navigation, with its theme features;
- ``public-floor``: the same for the public build's own text and pages;
- ``validate``: ``incidents validate`` alone;
- ``preview``: ``incidents preview --base HEAD`` with one report's summary edited in the working
  tree (the site is committed to a git repository first, once per size);
- ``serve`` and ``serve-dirty``: ``mkdocs serve`` (plain, and with ``--dirty``) on a
  free local port; one report's summary is edited and two times are taken: the rebuild,
  as MkDocs reports it ("Documentation built in ... seconds"), and the wait from the
  file's write to the first HTTP response of the report page carrying the new text. The
  wait also holds MkDocs' watching for changes, which looks every 0.5 s whatever the site,
  and 0.1 s for the edit to settle; the edit comes at a random moment between two looks,
  as an author's does.

Each gets wall time, CPU time (user + system of the command and its children, from
a small wrapper process; for serve, of the server process during the reload, from /proc) and peak
memory (the child's own ``ru_maxrss``; for serve, its ``VmHWM``). The search index
of each build is measured and checked: every report's text indexed exactly once.

It prints a table and the targets (``TARGETS``), and writes everything as JSON (default
bench/results/<timestamp>.json) and the tables as Markdown beside it. With ``--annotate`` it also
prints a GitHub Actions warning for each target not met (the workflow bench.yml uses it).
"""

from __future__ import annotations

import argparse
import html
import json
import multiprocessing
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import CORPORA, EPOCH, GeneratedSite, generate  # noqa: E402 (bench/ is put on sys.path just above)

HERE = Path(__file__).resolve().parent
COMMANDS = ("internal", "public", "floor", "public-floor", "validate", "preview", "serve", "serve-dirty")
#: Each build is compared with the floor (a plain Material build of the internal site's text and pages);
#: the public build also with its own text's floor.
FLOORS = {"internal": ("floor",), "public": ("floor", "public-floor")}
#: The limits: builds against the floor (both corpora, N = 1,000 and 5,000), peak memory against the
#: floor's, growth from 1,000 to 5,000 reports, validation of 10,000 reports, a serve --dirty
#: rebuild against a full build, the preview of 1,000 reports, and no report's text indexed twice.
TARGETS = {
    "internal": 1.15,
    # The public build is lighter: no slower, against the same floor, than 0.2.0's 0.66.
    "public": 0.66,
    "memory": 1.5,
    "growth": 5.5,
    "validate_s": 3.0,
    "serve_dirty": 0.10,
    "preview_s": 5.0,
}
#: The sizes the targets name; a run at other sizes only (the workflow's N = 200) is held to them at its largest.
TARGET_SIZES = (1000, 5000)
#: A report page is polled this often while waiting for a reload.
POLL_SECONDS = 0.05
#: How often ``mkdocs serve`` looks for changed files (MkDocs' own, fixed): an edit waits up to this long.
WATCH_SECONDS = 0.5
#: What MkDocs says at the end of each build.
BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")


@dataclass
class Measurement:
    """One run of one command at one size."""

    command: str
    n: int
    repeat: int
    ok: bool
    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    load_before: float
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------- running commands


def build_env() -> dict[str, str]:
    """The environment of every command: the fixed "now", Material's notice silenced."""
    return dict(os.environ, SOURCE_DATE_EPOCH=str(EPOCH), NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0")


#: Runs a command and writes its resource usage: the command is forked from this small process, so its
#: peak memory is its own (Linux carries a process's peak across fork and exec into the child's ``ru_maxrss``).
_WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[2:])
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as out:
    json.dump({"code": code, "wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "maxrss_kb": usage.ru_maxrss}, out)
"""


def run_measured(command: list[str], cwd: Path, log: Path, timeout: float) -> tuple[int, float, float, float]:
    """Run ``command``; return its exit code, wall seconds, CPU seconds (its own and its children's) and peak RSS in MB."""
    usage_file = log.with_suffix(".usage.json")
    with log.open("w", encoding="utf-8") as out:
        try:
            subprocess.run(
                [sys.executable, "-c", _WRAPPER, str(usage_file), *command],
                cwd=cwd, env=build_env(), stdout=out, stderr=subprocess.STDOUT, timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            return -9, timeout, float("nan"), float("nan")
    usage = json.loads(usage_file.read_text(encoding="utf-8"))
    usage_file.unlink()
    return usage["code"], usage["wall"], usage["cpu"], usage["maxrss_kb"] / 1024


def mkdocs_build(site: Path, config: str, out: Path, log: Path, timeout: float) -> tuple[int, float, float, float]:
    """``mkdocs build --strict`` of ``config`` into ``out``."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config, "-d", str(out)]
    return run_measured(command, site, log, timeout)


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, timeout: float) -> tuple[int, str]:
    """GET ``url``: the status and the body (0 and '' when nothing answers)."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise ValueError(f"only http and https URLs are fetched, not {url!r}")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (the URL's scheme is checked to be http or https above)
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return 0, ""


def process_cpu(pid: int) -> float:
    """User + system CPU seconds a live process has used (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def process_peak_mb(pid: int) -> float:
    """A live process's peak resident memory (VmHWM) in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


#: Git as the benchmark runs it: a fixed author, and none of this machine's configuration.
GIT = ["git", "-c", "user.name=Benchmark", "-c", "user.email=bench@example.com", "-c", "commit.gpgsign=false"]


def preview_edit(made: GeneratedSite, log: Path, timeout: float) -> tuple[int, float, float, float]:
    """``incidents preview --base HEAD`` with one report's summary edited in the working tree."""
    if not (made.site / ".git").exists():
        env = dict(build_env(), GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull)
        for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "--no-verify", "-m", "The generated site"]):
            subprocess.run([*GIT, *command], cwd=made.site, env=env, check=True, capture_output=True, timeout=timeout)
    original = made.edit_file.read_text(encoding="utf-8")
    edited = re.sub(r"(?m)^summary: .*$", 'summary: "The summary was edited for the preview."', original, count=1)
    made.edit_file.write_text(edited, encoding="utf-8")
    try:
        cli = [sys.executable, "-m", "incident_reports.cli.main", "preview", "--base", "HEAD"]
        return run_measured(cli, made.site, log, timeout)
    finally:
        made.edit_file.write_text(original, encoding="utf-8")


def serve_edit(site: Path, page_path: str, report: Path, dirty: bool, log: Path, timeout: float) -> Measurement:
    """Start ``mkdocs serve``, edit one report's summary, time the write to the first page showing it."""
    port = free_port()
    mount = urlsplit(_site_url(site / "mkdocs.yml")).path or "/"
    url = f"http://127.0.0.1:{port}{mount.rstrip('/')}/{page_path}"
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"] + (["--dirty"] if dirty else [])
    name = "serve-dirty" if dirty else "serve"
    original = report.read_text(encoding="utf-8")
    marker = f"Benchmark edit {time.time_ns()}"
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(command, cwd=site, env=build_env(), stdout=out, stderr=subprocess.STDOUT)
        try:
            ready = _wait_for(lambda: fetch(url, 5)[0] == 200, timeout, process)
            if not ready:
                return _failed(name, f"the report page {url} never answered: " + _tail(log))
            # The file watcher has started before the server answers; let it take its first snapshot, then
            # edit at a moment of its cycle drawn at random (seeded by the edit), as an author's edit comes.
            time.sleep(1.0 + random.Random(marker).uniform(0, WATCH_SECONDS))
            builds = len(BUILT.findall(log.read_text(encoding="utf-8", errors="replace")))
            cpu_before = process_cpu(process.pid)
            load = os.getloadavg()[0]
            edited = re.sub(r"(?m)^summary: .*$", f'summary: "{marker}. The summary was edited."', original, count=1)
            report.write_text(edited, encoding="utf-8")
            written = time.perf_counter()
            seen = _wait_for(lambda: marker in fetch(url, timeout)[1], timeout, process)
            reload = time.perf_counter() - written
            if not seen:
                return _failed(name, f"the edit never reached {url}: " + _tail(log))
            cpu, peak = process_cpu(process.pid) - cpu_before, process_peak_mb(process.pid)
            rebuilds = [float(s) for s in BUILT.findall(log.read_text(encoding="utf-8", errors="replace"))[builds:]]
            if not rebuilds:
                return _failed(name, "MkDocs did not say how long the rebuild took: " + _tail(log))
            return Measurement(name, 0, 0, True, reload, cpu, peak, load, extra={"rebuild_s": sum(rebuilds)})
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            report.write_text(original, encoding="utf-8")


def _wait_for(condition, timeout: float, process: subprocess.Popen) -> bool:
    """Poll ``condition`` until it holds, the process dies or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if process.poll() is not None:
            return False
        time.sleep(POLL_SECONDS)
    return False


def _tail(log: Path, lines: int = 15) -> str:
    """The end of a command's output, to say why it failed."""
    return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def _failed(command: str, note: str) -> Measurement:
    return Measurement(command, 0, 0, False, float("nan"), float("nan"), float("nan"), os.getloadavg()[0], note)


def _site_url(config: Path) -> str:
    """The site_url of a (non-inheriting) mkdocs.yml."""
    return yaml.safe_load(config.read_text(encoding="utf-8")).get("site_url") or "/"


# ---------------------------------------------------------------- the search index


def search_index(output: Path, made: GeneratedSite, public: bool) -> dict[str, Any]:
    """The index's size, and how many times each report's body and summary are in it (once is right)."""
    path = output / "search" / "search_index.json"
    if not path.is_file():
        return {"bytes": 0, "entries": 0, "note": "no search index"}
    docs = json.loads(path.read_text(encoding="utf-8"))["docs"]
    texts = [html.unescape(re.sub(r"<[^>]+>", " ", d.get("text", ""))) for d in docs]
    texts = [re.sub(r"\s+", " ", t) for t in texts]
    joined = "\n".join(texts)
    expected = _expected_reports(made, public)
    # The short corpus gives a few reports one summary: such a summary is right once for each of them.
    sharing = Counter(summary for _, summary, _ in expected)
    body_counts, summary_counts = [], []
    for token, summary, narrative in expected:
        if narrative:
            body_counts.append(joined.count(token))
        summary_counts.append(joined.count(summary) - (sharing[summary] - 1))
    return {
        "bytes": path.stat().st_size,
        "entries": len(docs),
        "reports": len(expected),
        "body_indexed_once": sum(c == 1 for c in body_counts),
        "body_missing": sum(c == 0 for c in body_counts),
        "body_duplicated": sum(c > 1 for c in body_counts),
        "summary_indexed_once": sum(c == 1 for c in summary_counts),
        "summary_missing": sum(c == 0 for c in summary_counts),
        "summary_duplicated": sum(c > 1 for c in summary_counts),
        "max_copies": max(body_counts + summary_counts, default=0),
    }


def _expected_reports(made: GeneratedSite, public: bool) -> list[tuple[str, str, bool]]:
    """Per report the build shows: its body's unique log reference, its summary, whether the body is shown."""
    floor = made.public_floor if public else made.floor
    found = []
    for page in sorted((floor / "docs" / "reports").glob("*.md")):
        text = page.read_text(encoding="utf-8")
        token = re.search(r"LOG-\d{6}", text)
        summary = text.split("\n\n", 2)[1]
        found.append((token.group(0) if token else "", re.sub(r"\s+", " ", summary), bool(token)))
    return found


# ---------------------------------------------------------------- one size


def measure_size(
    made: GeneratedSite, command: str, repeat: int, work: Path, timeout: float
) -> tuple[Measurement, dict[str, Any]]:
    """Run ``command`` once on the generated site; also return what was learnt about its output."""
    load = os.getloadavg()[0]
    log = work / f"{command}-{made.reports}-{repeat}.log"
    out = work / f"out-{command}"
    info: dict[str, Any] = {}
    if command == "validate":
        cli = [sys.executable, "-m", "incident_reports.cli.main", "validate"]
        code, wall, cpu, peak = run_measured(cli, made.site, log, timeout)
    elif command == "preview":
        code, wall, cpu, peak = preview_edit(made, log, timeout)
    elif command in ("serve", "serve-dirty"):
        page = f"incidents/{made.edit_id}/"
        result = serve_edit(made.site, page, made.edit_file, command == "serve-dirty", log, timeout)
        result.n, result.repeat = made.reports, repeat
        return result, info
    else:
        site, config = {
            "internal": (made.site, "mkdocs.yml"), "public": (made.site, "mkdocs.public.yml"),
            "floor": (made.floor, "mkdocs.yml"), "public-floor": (made.public_floor, "mkdocs.yml"),
        }[command]
        code, wall, cpu, peak = mkdocs_build(site, config, out, log, timeout)
        if code == 0:
            info = search_index(out, made, public=command in ("public", "public-floor"))
            info["pages"] = sum(1 for _ in out.rglob("*.html"))
            info["output_mb"] = round(sum(f.stat().st_size for f in out.rglob("*") if f.is_file()) / 2**20, 1)
        shutil.rmtree(out, ignore_errors=True)
    note = "" if code == 0 else f"exit {code}: " + _tail(log)
    log.unlink()
    return Measurement(command, made.reports, repeat, code == 0, wall, cpu, peak, load, note), info


def run_size(corpus: str, n: int, args: argparse.Namespace, console: Console, work: Path) -> dict[str, Any]:
    """Generate a site of ``n`` reports of ``corpus`` and measure every command ``args.repeats`` times."""
    console.print(f"[bold]{corpus} corpus, N = {n:,}[/]: generating ...")
    started = time.perf_counter()
    made = generate(work / f"{corpus}-n{n}", n, args.seed, corpus)
    console.print(f"  {made.reports:,} reports ({made.public_reports:,} public) in {time.perf_counter() - started:.0f} s")
    commands = [c for c in COMMANDS if c in args.only]
    timeout = max(600.0, n * 0.5)
    measurements: list[Measurement] = []
    outputs: dict[str, dict[str, Any]] = {}
    for repeat in range(args.repeats):
        # Rotate the order so that drift of the machine's speed falls on every command alike.
        order = commands[repeat % len(commands):] + commands[: repeat % len(commands)]
        for command in order:
            result, info = measure_size(made, command, repeat, work, timeout)
            measurements.append(result)
            if info and command not in outputs:
                outputs[command] = info
            status = "ok" if result.ok else f"[red]FAILED[/] {result.note}"
            console.print(
                f"  #{repeat + 1} {command:<13} {result.wall_s:8.2f} s wall {result.cpu_s:8.2f} s CPU "
                f"{result.peak_rss_mb:7.0f} MB  load {result.load_before:.2f}  {status}"
            )
    if not args.keep:
        shutil.rmtree(work / f"{corpus}-n{n}", ignore_errors=True)
    return {
        "corpus": corpus, "n": n, "public_reports": made.public_reports,
        "measurements": [asdict(m) for m in measurements],
        "summary": summarise(measurements),
        "search": outputs,
    }


# ---------------------------------------------------------------- summaries and targets


def summarise(measurements: list[Measurement]) -> dict[str, dict[str, float]]:
    """Per command: medians, and the medians of pair-by-pair ratios to each of its floors (same repetition).

    ``wall_ratio``, ``cpu_ratio`` and ``memory_ratio`` are against the floor; the public build's
    ``*_own_ratio`` are against the public floor (its own text).
    """
    by: dict[str, dict[int, Measurement]] = {}
    for m in measurements:
        by.setdefault(m.command, {})[m.repeat] = m
    summary: dict[str, dict[str, float]] = {}
    for command, runs in by.items():
        good = [m for m in runs.values() if m.ok]
        entry: dict[str, float] = {"runs": len(runs), "ok": len(good)}
        if good:
            entry.update(
                wall_s=statistics.median(m.wall_s for m in good),
                wall_min_s=min(m.wall_s for m in good), wall_max_s=max(m.wall_s for m in good),
                cpu_s=statistics.median(m.cpu_s for m in good),
                peak_rss_mb=statistics.median(m.peak_rss_mb for m in good),
            )
        for floor_name, suffix in zip(FLOORS.get(command, ()), ("ratio", "own_ratio"), strict=False):
            floor = by.get(floor_name, {})
            pairs = [(m, floor[r]) for r, m in runs.items() if m.ok and r in floor and floor[r].ok]
            if pairs:
                entry[f"wall_{suffix}"] = statistics.median(m.wall_s / f.wall_s for m, f in pairs)
                entry[f"cpu_{suffix}"] = statistics.median(m.cpu_s / f.cpu_s for m, f in pairs)
                entry[f"memory_{suffix}"] = statistics.median(m.peak_rss_mb / f.peak_rss_mb for m, f in pairs)
        summary[command] = entry
    if "serve-dirty" in summary and "internal" in by:
        internal = by["internal"]
        pairs = [(m, internal[r]) for r, m in by["serve-dirty"].items() if m.ok and r in internal and internal[r].ok]
        if pairs:
            summary["serve-dirty"]["share_of_build"] = statistics.median(m.wall_s / b.wall_s for m, b in pairs)
            summary["serve-dirty"]["cpu_share_of_build"] = statistics.median(m.cpu_s / b.cpu_s for m, b in pairs)
            summary["serve-dirty"]["rebuild_s"] = statistics.median(m.extra["rebuild_s"] for m, _ in pairs)
            summary["serve-dirty"]["rebuild_share_of_build"] = statistics.median(
                m.extra["rebuild_s"] / b.wall_s for m, b in pairs
            )
    return summary


def targets(corpora: dict[str, dict[int, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Every target (``TARGETS``) the run measured, with the figure (wall time; CPU time beside it) and whether it is met."""
    checks: list[dict[str, Any]] = []

    def add(name: str, value: float | None, limit: float, cpu: float | None = None, *, below: bool = False) -> None:
        met = value is not None and value == value and (value < limit if below else value <= limit)
        checks.append({"target": name, "value": value, "cpu_value": cpu, "limit": limit, "met": met})

    for corpus, sizes in corpora.items():

        def get(n: int, command: str, key: str, sizes: dict[int, dict[str, Any]] = sizes) -> float | None:
            return sizes.get(n, {}).get("summary", {}).get(command, {}).get(key)

        ratio_sizes = [n for n in TARGET_SIZES if n in sizes] or sorted(sizes)[-1:]
        for n in ratio_sizes:
            at = f"{corpus}, N={n:,}"
            for command in ("internal", "public"):
                add(f"{command} build / floor ({at})", get(n, command, "wall_ratio"), TARGETS[command],
                    get(n, command, "cpu_ratio"))
            for command in ("internal", "public"):
                add(f"{command} peak memory / floor's ({at})", get(n, command, "memory_ratio"), TARGETS["memory"])
            # The wait an author sees, MkDocs' watching included, is named beside the rebuild, not held to the limit.
            wait = get(n, "serve-dirty", "share_of_build")
            add(f"serve --dirty rebuild / full build ({at}; edit to page {_num(wait)})",
                get(n, "serve-dirty", "rebuild_share_of_build"), TARGETS["serve_dirty"])
        if 1000 in sizes and 5000 in sizes:
            for command in ("internal", "public"):
                small, large = get(1000, command, "wall_s"), get(5000, command, "wall_s")
                small_cpu, large_cpu = get(1000, command, "cpu_s"), get(5000, command, "cpu_s")
                add(f"{command} build time N=5,000 / N=1,000 ({corpus})", large / small if small and large else None,
                    TARGETS["growth"], large_cpu / small_cpu if small_cpu and large_cpu else None)
        if 10000 in sizes:
            add(f"incidents validate of 10,000 reports, s ({corpus})", get(10000, "validate", "wall_s"), TARGETS["validate_s"],
                get(10000, "validate", "cpu_s"), below=True)
        if 1000 in sizes:
            add(f"incidents preview of 1,000 reports, s ({corpus})", get(1000, "preview", "wall_s"), TARGETS["preview_s"],
                get(1000, "preview", "cpu_s"))
        for n, size in sorted(sizes.items()):
            for command in ("internal", "public"):
                info = size.get("search", {}).get(command)
                if info:
                    copies = info.get("body_duplicated", 0) + info.get("summary_duplicated", 0)
                    add(f"{command} search index ({corpus}, N={n:,}): reports whose text is indexed more than once", copies, 0)
    # Targets of commands the run left out (--only) are not listed.
    return [check for check in checks if check["value"] is not None]


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    meminfo = Path("/proc/meminfo").read_text()
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "")
    versions = {}
    for package in ("mkdocs", "mkdocs-material", "pydantic", "PyYAML", "Markdown"):
        try:
            from importlib.metadata import version

            versions[package] = version(package)
        except Exception:  # a missing package is only not reported
            versions[package] = "?"
    total = re.search(r"MemTotal:\s+(\d+)", meminfo)
    if total is None:
        raise RuntimeError("/proc/meminfo does not say MemTotal")
    return {
        "cores": os.cpu_count(), "cpu": cpu,
        "memory_gb": round(int(total.group(1)) / 2**20, 1),
        "python": platform.python_version(), "platform": platform.platform(), "versions": versions,
        "load_at_start": os.getloadavg(),
        "start_method": multiprocessing.get_start_method(),
    }


def print_table(console: Console, corpora: dict[str, dict[int, dict[str, Any]]], checks: list[dict[str, Any]]) -> None:
    """The medians side by side, then the targets."""
    table = Table(title="Medians (ratios: median of pair-by-pair ratios to the floor of the same repetition)")
    columns = (
        "corpus", "N", "command", "ok", "wall s", "min-max s", "CPU s", "peak MB", "x floor (wall)", "x floor (CPU)",
        "x floor (mem)", "index KB",
    )
    for column in columns:
        table.add_column(column, justify="left" if column in ("corpus", "command") else "right")
    for corpus, n, command, entry, search in _rows(corpora):
        table.add_row(
            corpus, f"{n:,}", command, f"{entry['ok']}/{entry['runs']}", _num(entry.get("wall_s")),
            f"{_num(entry.get('wall_min_s'))}-{_num(entry.get('wall_max_s'))}", _num(entry.get("cpu_s")),
            _num(entry.get("peak_rss_mb"), 0), _num(entry.get("wall_ratio", entry.get("share_of_build"))),
            _num(entry.get("cpu_ratio", entry.get("cpu_share_of_build"))), _num(entry.get("memory_ratio")),
            _num(search["bytes"] / 1024, 0) if search.get("bytes") else "",
        )
    console.print(table)
    for check in checks:
        mark = "[green]met[/]" if check["met"] else "[red]NOT met[/]"
        cpu = f", CPU {_num(check['cpu_value'])}" if check.get("cpu_value") is not None else ""
        console.print(f"  {mark}  {check['target']}: {_num(check['value'])}{cpu} (limit {check['limit']})")


def _rows(corpora: dict[str, dict[int, dict[str, Any]]]) -> Iterator[tuple[str, int, str, dict[str, Any], dict[str, Any]]]:
    """(corpus, N, command, medians, search index) for each command measured, in table order."""
    for corpus, sizes in corpora.items():
        for n, size in sorted(sizes.items(), key=lambda item: int(item[0])):
            for command in COMMANDS:
                entry = size["summary"].get(command)
                if entry is not None:
                    yield corpus, int(n), command, entry, size["search"].get(command, {})


def markdown_summary(result: dict[str, Any]) -> str:
    """The medians and targets as Markdown tables, for bench/RESULTS.md and a workflow's job summary."""
    m = result["machine"]
    lines = [
        f"Machine: {m['cores']} cores ({m['cpu']}), {m['memory_gb']} GB, Python {m['python']}, "
        f"MkDocs {m['versions'].get('mkdocs')}, Material {m['versions'].get('mkdocs-material')}, "
        f"workers started by {m['start_method']}; "
        f"load average {m['load_at_start'][0]:.2f} at the start, {m['load_at_end'][0]:.2f} at the end; "
        f"{result['repeats']} repetitions.",
        "",
        "| corpus | N | command | wall s (median) | min-max s | CPU s | peak MB | x floor (wall) | x floor (CPU) "
        "| x floor (memory) | x public floor (wall) | search index KB |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for corpus, n, command, e, search in _rows(result["corpora"]):
        index = search.get("bytes")
        lines.append(
            f"| {corpus} | {n:,} | {command} | {_num(e.get('wall_s'))} "
            f"| {_num(e.get('wall_min_s'))}-{_num(e.get('wall_max_s'))} "
            f"| {_num(e.get('cpu_s'))} | {_num(e.get('peak_rss_mb'), 0)} "
            f"| {_num(e.get('wall_ratio', e.get('share_of_build')))} "
            f"| {_num(e.get('cpu_ratio', e.get('cpu_share_of_build')))} | {_num(e.get('memory_ratio'))} "
            f"| {_num(e.get('wall_own_ratio'))} | {_num(index / 1024, 0) if index else ''} |"
        )
    lines += ["", "| target | measured (wall) | CPU | limit | met |", "|---|---:|---:|---:|---|"]
    lines += [
        f"| {t['target']} | {_num(t['value'])} | {_num(t.get('cpu_value'))} | {t['limit']} "
        f"| {'yes' if t['met'] else '**no** ⚠️'} |"
        for t in result["targets"]
    ]
    return "\n".join(lines) + "\n"


def github_warnings(checks: list[dict[str, Any]]) -> list[str]:
    """A GitHub Actions warning for each target not met (shared runners are noisy: a warning, never a failure)."""
    return [
        f"::warning title=Benchmark target not met::{c['target']}: {_num(c['value'])} (limit {c['limit']})"
        for c in checks if not c["met"]
    ]


def _num(value: float | None, digits: int = 2) -> str:
    return "" if value is None or value != value else f"{value:,.{digits}f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--corpus", default=",".join(sorted(CORPORA, reverse=True)),
        help=f"report shapes, comma-separated (default all: {','.join(sorted(CORPORA, reverse=True))})",
    )
    parser.add_argument("--sizes", default="100,1000,5000", help="archive sizes, comma-separated (default 100,1000,5000)")
    parser.add_argument("--big", action="store_true", help="also N = 10,000")
    parser.add_argument("--repeats", type=int, default=3, help="repetitions of every command (default 3)")
    parser.add_argument("--only", default=",".join(COMMANDS), help=f"commands to run (default all: {','.join(COMMANDS)})")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="JSON file to write (default bench/results/<timestamp>.json)")
    parser.add_argument("--work", type=Path, help="folder for generated sites (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the generated sites")
    parser.add_argument("--annotate", action="store_true", help="print a GitHub Actions warning for each target not met")
    args = parser.parse_args(argv)
    args.only = set(args.only.split(","))
    unknown = args.only - set(COMMANDS)
    if unknown:
        parser.error(f"unknown command(s) {', '.join(sorted(unknown))}; choose from {', '.join(COMMANDS)}")
    corpora = [c for c in args.corpus.split(",") if c.strip()]
    if not corpora or set(corpora) - set(CORPORA):
        parser.error(f"--corpus takes {', '.join(sorted(CORPORA))}, comma-separated")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()] + ([10000] if args.big else [])
    console = Console(width=None if sys.stdout.isatty() else 160)
    out = args.out or HERE / "results" / f"{time.strftime('%Y%m%dT%H%M%S')}.json"
    work = args.work or Path(tempfile.mkdtemp(prefix="incidents-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {
        "machine": machine(), "repeats": args.repeats, "seed": args.seed, "epoch": EPOCH,
        "corpora": {corpus: {} for corpus in corpora},
    }
    try:
        for n in sorted(set(sizes)):
            for corpus in corpora:
                result["corpora"][corpus][n] = run_size(corpus, n, args, console, work)
    finally:
        if not args.work and not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    result["machine"]["load_at_end"] = os.getloadavg()
    result["targets"] = targets(result["corpora"])
    print_table(console, result["corpora"], result["targets"])
    if args.annotate:
        for line in github_warnings(result["targets"]):
            print(line)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    out.with_suffix(".md").write_text(markdown_summary(result), encoding="utf-8")
    console.print(f"Results written to {out} (and the tables, for bench/RESULTS.md, to {out.with_suffix('.md')})")
    failed = [m for sizes in result["corpora"].values() for size in sizes.values() for m in size["measurements"] if not m["ok"]]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
