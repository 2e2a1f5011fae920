"""Random and mutated front-matter: every outcome is a valid report or clear problems, never an exception."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incident_reports.core.problems import Problem

from reports import MINIMAL, check

KEYS = ["title", "severity", "status", "visibility", "services", "started", "summary", "updates", "timeline",
        "actions", "review", "stage", "kind", "impact", "mitigated", "resolved", "extra", "related", "id",
        "users_affected", "report_public", "notified", "scheduled_for", "scheduled_until", "unknown_key"]
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 10**6), st.floats(allow_nan=True),
    st.text(max_size=30), st.sampled_from(["no", "yes", "10:30", "2026-03-05T13:52:00", "2026-03-05T13:52:00Z",
                                           "2026-03-05", "P1", "resolved", "public", "payments", "~", "*a", "&a x"]),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.sampled_from(["at", "status", "message", "title", "owner", "due", "who", "date", "attendees", "x"]), inner, max_size=4),
    max_leaves=12)


def as_yaml(value) -> str:
    """A value in YAML flow style (JSON is YAML), sometimes left unquoted to trip YAML's readings."""
    import json
    return json.dumps(value, default=str)


def assert_clear(problems: list[Problem], raw: bytes) -> None:
    lines = max(1, raw.count(b"\n") + (0 if raw.endswith(b"\n") else 1))
    for problem in problems:
        assert isinstance(problem, Problem)
        assert 1 <= problem.line <= lines, (str(problem), lines)
        assert problem.message and "Traceback" not in problem.message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(KEYS), values, max_size=12))
def test_random_front_matter_never_raises(fields):
    raw = ("---\n" + "".join(f"{key}: {as_yaml(value)}\n" for key, value in fields.items()) + "---\n").encode()
    assert_clear(check(raw), raw)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_reports_never_raise(data):
    text = bytearray(MINIMAL.encode())
    for _ in range(data.draw(st.integers(1, 6))):
        position = data.draw(st.integers(0, len(text)))
        action = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        chunk = data.draw(st.sampled_from([b":", b" #", b"\n", b"- ", b"  ", b"'", b'"', b"[", b"{", b"&a", b"*a",
                                           b"\xff", b"\t", b"---", b"|", b">", b"!!", b"%", b"@", b"`"]
                                          + [c.encode() for c in string.ascii_letters[:5]]))
        if action == "insert":
            text[position:position] = chunk
        elif action == "delete":
            del text[position:position + len(chunk)]
        else:
            text[position:position + len(chunk)] = chunk
    raw = bytes(text)
    assert_clear(check(raw), raw)
