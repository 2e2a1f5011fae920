"""The one redaction: every secret an announcement handles is hidden in everything the command prints.

Channels' addresses are secrets (a Slack URL is its own password), and so is the
webhook's signing secret. What is printed, a channel's name, an error from a
library, a server's answer quoted in a message, passes through ``Redaction``:

- in every URL in the text, the user and password (``https://***@host/``) and every
  query value (``?token=***``), whatever its name: services put tokens under any name;
- anywhere in the text, the value of each secret environment variable, each URL in
  it, its password, and the values of its query parameters whose names say they are
  secrets (``token``, ``key``, ``secret``, ``password``, ``sig``, ``auth`` ...): an error
  may quote a part of a URL out of it.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

#: What is shown instead of a secret.
HIDDEN = "***"
#: A URL inside text: a scheme, then everything up to white space, a quote or a parenthesis, less a last full stop or comma.
_URL = re.compile(r"\b[A-Za-z][A-Za-z0-9+.-]*://[^\s'\"<>(){}`]+(?<![.,;:!?])")
#: A value shorter than this is no secret worth hiding everywhere (``on``, ``POST``): hiding it would garble the text.
_SHORTEST_SECRET = 6
#: Query parameters whose values are hidden wherever they appear, not only inside a URL.
_SECRET_NAME = re.compile(r"token|key|secret|pass|pwd|sig|auth|code|session|cred", re.IGNORECASE)


@dataclass(frozen=True)
class Redaction:
    """Hides the secrets of one run in text about to be printed."""

    #: Secret values, longest first, so that a secret that holds another is hidden whole.
    secrets: tuple[str, ...] = ()

    @classmethod
    def of(cls, environ: Mapping[str, str], names: Iterable[str]) -> Redaction:
        """The redaction of the secrets held in the environment variables ``names``."""
        found: set[str] = set()
        for name in names:
            value = environ.get(name, "").strip()
            if not value:
                continue
            found.add(value)
            found.add(value.removeprefix("whsec_"))
            for url in _URL.findall(value):
                found.add(url)
                found.update(_secret_parts(url))
        return cls(tuple(sorted((s for s in found if len(s) >= _SHORTEST_SECRET), key=len, reverse=True)))

    def __call__(self, text: str) -> str:
        """``text`` with every secret hidden."""
        for secret in self.secrets:
            # Again until none is left: hiding one occurrence can join the text around it into another.
            while secret in text:
                text = text.replace(secret, HIDDEN)
        return _URL.sub(lambda found: hidden_in_url(found.group()), text)


def hidden_in_url(url: str) -> str:
    """``url`` with its user, password, query values and fragment hidden; its scheme, host and path kept."""
    scheme, _, rest = url.partition("://")
    # Where the host ends: the first /, ? or # (a password may hold none of them unescaped).
    end = min((i for i in (rest.find("/"), rest.find("?"), rest.find("#")) if i != -1), default=len(rest))
    authority, tail = rest[:end], rest[end:]
    if "@" in authority:
        authority = f"{HIDDEN}@{authority.rpartition('@')[2]}"
    tail, hash_mark, fragment = tail.partition("#")
    path, question_mark, query = tail.partition("?")
    if question_mark:
        query = "&".join(
            f"{name}={HIDDEN}" if equals else HIDDEN
            for name, equals, _ in (part.partition("=") for part in query.split("&"))
        )
    return f"{scheme}://{authority}{path}{question_mark}{query}{hash_mark}{HIDDEN if fragment else ''}"


def _secret_parts(url: str) -> set[str]:
    """The parts of a URL that are secrets on their own: its password, secret-named query values, its fragment."""
    rest = url.partition("://")[2]
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    parts: set[str] = set()
    if "@" in authority:
        userinfo = authority.rpartition("@")[0]
        password = userinfo.partition(":")[2]
        parts.update((userinfo, password, urllib.parse.unquote(password)))
    query = rest.partition("?")[2].partition("#")[0]
    for name, _, value in (part.partition("=") for part in query.split("&")):
        if _SECRET_NAME.search(name):
            parts.update((value, urllib.parse.unquote_plus(value)))
    parts.add(rest.partition("#")[2])
    return parts


def channel_name(url: str) -> str:
    """A channel's address as it is printed: scheme and host, each path part cut to its first and last character.

    Users, passwords and queries are left out: many services keep their tokens there,
    and Apprise's own privacy mode masks only the tokens it knows of.
    """
    scheme, separator, rest = url.partition("://")
    if not separator or not scheme:
        return "(an address that is not a URL)"
    rest = rest.partition("#")[0].partition("?")[0]
    authority, _, path = rest.partition("/")
    host = authority.rpartition("@")[2]
    shown = "/".join(f"{part[0]}...{part[-1]}" if len(part) > 2 else "..." for part in path.split("/") if part)
    return f"{scheme}://{host}/{shown}"
