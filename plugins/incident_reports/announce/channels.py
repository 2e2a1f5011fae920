"""Delivering announcements: Apprise for people's channels, Standard Webhooks for machines.

Each channel is tried on its own, with bounded retries and a growing pause between
them, so a flaky or dead channel never keeps the others from being served.
Channels are known by a redacted address only: their URLs hold secrets.
"""

from __future__ import annotations

import base64
import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any, Protocol

import apprise
from apprise import NotifyFormat
from standardwebhooks import Webhook

from .bounded_http import HttpError, post, url_problem
from .events import Event
from .messages import Languages, Message, message, trial_message, trial_webhook_body, webhook_body
from .redaction import channel_name


class ChannelError(Exception):
    """A channel's address or secret cannot be used; the message names it without its secrets."""


class Channel(Protocol):
    """Somewhere announcements go."""

    name: str
    #: What went wrong with the last attempt, in words safe to print.
    problem: str

    def announce(self, event: Event) -> bool:
        """Send one event; True when the channel took it."""

    def trial(self, page: dict[str, Any]) -> bool:
        """Send the test message; True when the channel took it."""


#: What a channel's address looks like, in words that survive redaction (a password in an example would not).
URL_EXAMPLES = "slack://TokenA/TokenB/TokenC or mailtos://smtp.example.com (the handbook's Announcements page shows more)"
#: A URL's scheme: safe to print, unlike the rest of a channel's address.
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{0,31}")
#: Between two URLs: white space, or a comma before the next ``scheme://`` (a comma inside a URL stays).
URL_SEPARATOR = re.compile(r"\s+|,(?=\s*[A-Za-z][\w+.-]*://)")


def split_urls(value: str) -> list[str]:
    """Apprise URLs from an environment variable: separated by spaces, commas or new lines."""
    return [url for url in (part.strip(", ") for part in URL_SEPARATOR.split(value)) if url]


class AppriseChannel:
    """A chat service, email or anything else Apprise supports, from one Apprise URL."""

    def __init__(self, url: str, origin: str, languages: Languages) -> None:
        self.languages = languages
        scheme, separator, _ = url.partition("://")
        if not separator or not SCHEME.fullmatch(scheme):
            raise ChannelError(f"{origin}: is not a URL (it should start with a scheme such as mailtos:// or slack://); "
                               f"write one like {URL_EXAMPLES}")
        try:
            plugin = apprise.Apprise.instantiate(url)
        # Apprise parses each service's URL its own way (a Telegram token holds a colon, a port or not).
        except Exception:
            plugin = None
        if plugin is None:
            raise ChannelError(f"{origin}: '{scheme}://...' is not an Apprise URL Apprise can use (is its port a "
                               f"number?); write one like {URL_EXAMPLES}")
        self.plugin = plugin
        self.name = channel_name(str(plugin.url(privacy=True)))
        # Apprise's own log would say more, but may quote the service's address.
        self.problem = "the service refused the message or could not be reached"
        formats = plugin.notify_format
        # Newer Apprise lists the formats a service takes, its own first.
        self.rich = (formats[0] if isinstance(formats, tuple) else formats) == NotifyFormat.HTML

    def announce(self, event: Event) -> bool:
        """Send the event as this service's kind of message (HTML with a plain-text part for email), cut to its limit."""
        title = message(event, self.languages).title
        # A service that shows no title gets it at the top of the body, within the same limit.
        room = int(self.plugin.body_maxlen) - (0 if self.plugin.title_maxlen else len(title) + 2)
        return self.send(message(event, self.languages, room))

    def trial(self, page: dict[str, Any]) -> bool:
        """Send the test message."""
        return self.send(trial_message(page, self.languages))

    def send(self, told: Message) -> bool:
        """Hand one message to Apprise."""
        body, body_format = (told.html, NotifyFormat.HTML) if self.rich else (told.text, NotifyFormat.TEXT)
        return bool(self.plugin.notify(body=body, title=told.title, body_format=body_format))


class WebhookChannel:
    """A JSON POST signed as Standard Webhooks specifies."""

    def __init__(self, url: str, secret: str, origins: tuple[str, str], timeout: float) -> None:
        problem = url_problem(url)
        if problem:
            raise ChannelError(f"{origins[0]}: {problem}")
        if not strong(secret):
            raise ChannelError(f"{origins[1]}: the webhook secret is not a Standard Webhooks secret; write whsec_ "
                               "followed by 24 to 64 random bytes in base64 (the handbook's Announcements page shows how)")
        self.signer = Webhook(secret)
        self.url = url
        self.name = f"webhook {channel_name(url)}"
        self.timeout = timeout
        self.problem = ""

    def announce(self, event: Event) -> bool:
        """POST the event, its id stable for the change so receivers can drop a repeat."""
        return self.post(event.webhook_id, webhook_body(event))

    def trial(self, page: dict[str, Any]) -> bool:
        """POST the test event."""
        now = datetime.now(UTC)
        body = trial_webhook_body(page, now.strftime("%Y-%m-%dT%H:%M:%S.000Z"))
        return self.post(f"msg_test_{int(now.timestamp())}", body)

    def post(self, msg_id: str, body: dict[str, Any]) -> bool:
        """Sign and send one body; True on a 2xx answer."""
        payload = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
        sent_at = datetime.now(UTC).replace(microsecond=0)
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "incidents-announce",
            "webhook-id": msg_id,
            "webhook-timestamp": str(int(sent_at.timestamp())),
            "webhook-signature": self.signer.sign(msg_id, sent_at, payload),
        }
        try:
            status = post(self.url, payload.encode("utf-8"), headers, self.timeout)
        except HttpError as exc:
            self.problem = f"cannot be reached: {exc}"
            return False
        self.problem = f"the receiver answered {status}"
        return 200 <= status < 300


def strong(secret: str) -> bool:
    """Whether ``secret`` is what Standard Webhooks asks for: base64 of 24 to 64 bytes, ``whsec_`` in front or not."""
    try:
        key = base64.b64decode(secret.removeprefix("whsec_"), validate=True)
    except ValueError:
        return False
    return 24 <= len(key) <= 64


@dataclass(frozen=True)
class Retry:
    """How hard to try: attempts per message, and the first pause (doubled after each failure)."""

    attempts: int = 4
    delay: float = 2.0
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)

    def run(self, send: Callable[[], bool]) -> bool:
        """Call ``send`` until it succeeds or the attempts run out."""
        for attempt in range(self.attempts):
            if attempt:
                self.sleep(self.delay * 2 ** (attempt - 1))
            if send():
                return True
        return False


@dataclass
class Report:
    """What was sent where, and which channels finally failed."""

    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def deliver(channels: Iterable[Channel], items: list[Any], send: Callable[[Channel, Any], bool], retry: Retry,
            say: Callable[[str], None]) -> Report:
    """Send every item to every channel; a channel that finally fails is left and the others still served."""
    report = Report()
    for channel in channels:
        for index, item in enumerate(items):
            if retry.run(partial(send, channel, item)):
                report.sent.append(channel.name)
                continue
            left = len(items) - index
            say(f"failed: {channel.name}: {channel.problem}; gave up after {retry.attempts} attempts, "
                f"{left} message(s) not delivered")
            report.failed.append(channel.name)
            break
        else:
            if items:
                say(f"sent: {len(items)} message(s) to {channel.name}")
    return report
