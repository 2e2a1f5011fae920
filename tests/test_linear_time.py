"""Every transform of report text the project owns takes time in proportion to the text's length.

A complexity test, not a speed target: adversarial text at the cap the validator allows (an update
message's 20,000 characters) goes through the project's own transforms (code spans, the escaping
of stray ``<``, the sanitiser, the plain text of the API and announcements, the import's conversion
of Statuspage's HTML, the validator itself), and the time at the cap may be at most 200 times the
time at a hundredth of it (linear is 100 times; quadratic would be 10,000 times). A step at a tenth
of the cap stops a worse-than-linear transform early rather than running it for minutes (the code
span pattern this replaced took almost five minutes over 12,000 backticks).

Python-Markdown, which these transforms surround, is not the project's: its own inline handling slows
on text with thousands of matches; the caps bound its time.

Timing is the CPU time of this process (``time.process_time``), the minimum of five runs, so other
processes on a busy machine do not count. The test is one function that measures everything in turn,
and its module runs in one worker (``xdist_group``, and ``--dist loadscope`` keeps a module together).
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable

import pytest

from incident_reports.core.settings import Settings
from incident_reports.statuspage.mapping import markdown_from_statuspage
from incident_reports.views.code_spans import code_parts
from incident_reports.views.markdown_text import text_angles_escaped
from incident_reports.views.plain_text import plain_text
from incident_reports.views.sanitiser import clean

from reports import MINIMAL, check, with_lines

pytestmark = pytest.mark.xdist_group("timing")

CAP = Settings().max_update_message_chars
#: Runs of the characters Markdown and HTML give meaning to, and of the markup the transforms look for.
RUNS = ("`", "<", "[", "*", "_", "\\", "<!--", "<br>", "![", "&", "`<", "```\n", "<a ")
#: How much more time a hundred times the text may take.
ALLOWED_RATIO = 200
REPEATS = 5


def rendering(text: str) -> None:
    """What pages, feeds, the API and announcements do with an update message, but Python-Markdown's part."""
    code_parts(text)
    escaped = text_angles_escaped(text)
    for markup in (f"<p>{html.escape(text)}</p>", text, escaped):
        plain_text(str(clean(markup)))


def importing(text: str) -> None:
    """What the import makes of a Statuspage update's text."""
    markdown_from_statuspage(text)


def validating(text: str) -> None:
    """What ``incidents validate`` does with a report whose update message is the text."""
    block = "\n".join("      " + line for line in text.split("\n"))
    check(with_lines(MINIMAL, "updates:", "  - at: 2026-03-05T14:00:00Z", "    status: investigating", "    message: |-", block))


TRANSFORMS: dict[str, Callable[[str], None]] = {"rendering": rendering, "importing": importing, "validating": validating}


def cpu_time(transform: Callable[[str], None], text: str) -> float:
    """The least CPU time of this process that ``transform(text)`` took in ``REPEATS`` runs."""
    fastest = float("inf")
    for _ in range(REPEATS):
        start = time.process_time()
        transform(text)
        fastest = min(fastest, time.process_time() - start)
    return max(fastest, 1e-6)


def run_of(unit: str, length: int) -> str:
    return (unit * (length // len(unit) + 1))[:length]


def test_text_transforms_take_time_in_proportion_to_the_text() -> None:
    slow = []
    for name, transform in TRANSFORMS.items():
        for unit in RUNS:
            base = cpu_time(transform, run_of(unit, CAP // 100))
            ratios = []
            for length in (CAP // 10, CAP):
                ratios.append(cpu_time(transform, run_of(unit, length)) / base)
                if ratios[-1] > ALLOWED_RATIO:
                    break
            if ratios[-1] > ALLOWED_RATIO:
                sizes = " and ".join(f"{ratio:.0f}x" for ratio in ratios)
                slow.append(f"{name} of {unit!r} runs: {sizes} the time at {CAP // 100:,} characters")
    assert not slow, "superlinear transforms:\n" + "\n".join(slow)
