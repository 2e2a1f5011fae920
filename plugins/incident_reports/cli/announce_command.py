"""``incidents announce``: tell subscribers what the public site just deployed changed (arguments in ``announce_parser``)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..announce.bounded_http import url_problem
from ..announce.channels import AppriseChannel, Channel, ChannelError, Retry, WebhookChannel, deliver, split_urls
from ..announce.events import Event, changes
from ..announce.messages import Languages, Message, announcing_languages, message, trial_message
from ..announce.redaction import Redaction
from ..announce.sources import SiteMissing, SiteUnreadable, fetch_files, is_url, read_site, save_files
from ..mkdocs_plugin.config import IncidentsConfig
from .output_filter import closed_pipe, filtered_output
from .site import Site, SiteError, load_site


def run(args: argparse.Namespace) -> int:
    """Announce, test the channels, or take the snapshot, as asked; every secret is hidden in what is printed."""
    site = public_site(args.config_file)
    options = site.options
    secrets = (options.announce_urls_env, options.announce_webhook_url_env, options.announce_webhook_secret_env)
    with filtered_output(Redaction.of(os.environ, secrets)):
        try:
            return announce(args, site)
        except SiteError as mistake:
            print(f"incidents: {mistake}", file=sys.stderr)
            return 2
        except OSError as exc:
            if closed_pipe(exc):
                raise
            print(f"incidents: {exc.filename or ''}: {exc.strerror or type(exc).__name__}", file=sys.stderr)
            return 1
        # The last resort, so that no traceback (which could quote a secret or a server's answer) is ever printed.
        except Exception as exc:
            print(f"incidents: announce stopped on an unexpected {type(exc).__name__}; nothing more was sent "
                  "(please report this)", file=sys.stderr)
            return 1


def announce(args: argparse.Namespace, site: Site) -> int:
    """Announce, test the channels, or take the snapshot."""
    options = site.options
    limits = Limits(float(options.announce_timeout), int(options.announce_max_bytes))
    if args.snapshot:
        return snapshot(required(args.previous, "--snapshot"), Path(args.snapshot), limits)
    languages = announcing_languages(options.announce_languages, site.settings, public=True)
    channels = configured_channels(options, os.environ, languages)
    if args.test:
        page = {"name": site.settings.site_name, "url": site.settings.public_url}
        if args.dry_run:
            return dry_run(channels, [trial_message(page, languages)])
        return finish(channels, [page], lambda channel, item: channel.trial(item), options)
    try:
        events = announcements(required(args.previous, "announce"), Path(args.site) if args.site else site.site_dir,
                               limits)
    except SiteUnreadable as unreadable:
        # Never silent: a hosting problem must not swallow an incident's announcement.
        print(f"incidents: the previous site cannot be read, so nothing was announced: {unreadable}", file=sys.stderr)
        return 1
    if events is None:
        return 0
    if not events:
        print("Nothing to announce: the public site has no news since the previous deploy.")
        return 0
    for event in events:
        print(f"{event.type}: {event.incident['id']} ({event.at})")
    if args.dry_run:
        return dry_run(channels, [message(event, languages) for event in events], events)
    if not channels:
        print(f"No channel is configured (set {options.announce_urls_env} or {options.announce_webhook_url_env}): "
              f"{len(events)} change(s) not announced.")
        return 0
    return finish(channels, events, lambda channel, event: channel.announce(event), options)


def public_site(config_file: str) -> Site:
    """The site's configuration, refused unless it is the public one (nothing internal may be announced)."""
    site = load_site(config_file)
    if site.options.audience != "public":
        raise SiteError(f"{config_file}: plugins.incidents.audience: announcements are made from the public build "
                        "only; pass its configuration (-f mkdocs.public.yml, with audience: public)")
    return site


@dataclass(frozen=True)
class Limits:
    """How long each request may take, and how large each file may be."""

    timeout: float
    max_bytes: int


def required(previous: str | None, what: str) -> str:
    """The ``--previous`` location, which announcing and snapshots need; a URL must be one that can be read."""
    if not previous:
        raise SiteError(f"{what}: --previous is missing; write --previous https://status.example.com/ "
                        "or --previous FOLDER (the site deployed before)")
    problem = url_problem(previous) if is_url(previous) else None
    if problem:
        raise SiteError(f"--previous: the address {problem}")
    return previous


def snapshot(previous: str, folder: Path, limits: Limits) -> int:
    """Save the previous site's public files; none saved when there is no previous site yet."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        files = fetch_files(previous, limits.timeout, limits.max_bytes)
    except SiteMissing as missing:
        print(f"No snapshot: {missing}. The announcement after this deploy will send nothing.")
        return 0
    except SiteUnreadable as unreadable:
        print(f"incidents: the previous site cannot be read: {unreadable}", file=sys.stderr)
        return 1
    save_files(files, folder)
    print(f"Saved {len(files)} public files of {previous} in {folder}.")
    return 0


def announcements(previous: str, built: Path, limits: Limits) -> list[Event] | None:
    """The changes from the previous site to the one built; None when there is nothing to compare with.

    SiteUnreadable when the previous site exists but cannot be read.
    """
    try:
        current = read_site(str(built), limits.timeout, limits.max_bytes)
    except SiteMissing:
        raise SiteError(f"{built}: has no public API; build the public site first "
                        "(mkdocs build -f mkdocs.public.yml) or pass --site DIR") from None
    except SiteUnreadable as unreadable:
        raise SiteError(str(unreadable)) from None
    try:
        before = read_site(previous, limits.timeout, limits.max_bytes)
    except SiteMissing as missing:
        print(f"Nothing announced: {missing}. The next deploy compares with this one.")
        return None
    return changes(before, current)


def configured_channels(options: IncidentsConfig, environ: Mapping[str, str], languages: Languages) -> list[Channel]:
    """The channels the environment names (the option says which variables hold them); people's channels get
    messages in ``languages``."""
    channels: list[Channel] = []
    for position, url in enumerate(split_urls(environ.get(options.announce_urls_env, "")), start=1):
        channels.append(apprise_channel(url, f"{options.announce_urls_env} (URL {position})", languages))
    webhook_url = environ.get(options.announce_webhook_url_env, "").strip()
    if webhook_url:
        secret = environ.get(options.announce_webhook_secret_env, "").strip()
        if not secret:
            raise SiteError(f"{options.announce_webhook_secret_env}: is empty; webhooks are always signed: set it "
                            "to the secret shared with the receiver (whsec_ followed by base64)")
        channels.append(webhook_channel(webhook_url, secret, options))
    return channels


def apprise_channel(url: str, origin: str, languages: Languages) -> Channel:
    """One Apprise channel; a URL Apprise cannot use is a configuration mistake."""
    try:
        return AppriseChannel(url, origin, languages)
    except ChannelError as exc:
        raise SiteError(str(exc)) from None


def webhook_channel(url: str, secret: str, options: IncidentsConfig) -> Channel:
    """The signed webhook channel."""
    try:
        origins = (options.announce_webhook_url_env, options.announce_webhook_secret_env)
        return WebhookChannel(url, secret, origins, options.announce_timeout)
    except ChannelError as exc:
        raise SiteError(str(exc)) from None


def dry_run(channels: list[Channel], messages: list[Message], events: list[Event] | None = None) -> int:
    """Print each message in full, and the channels it would go to; send nothing."""
    names = ", ".join(channel.name for channel in channels) or "no channel configured"
    print(f"Dry run: nothing sent. Channels: {names}")
    for index, told in enumerate(messages):
        about = f"{events[index].type} (webhook-id {events[index].webhook_id})" if events else "test"
        print(f"\n--- {about}\n{told.title}\n\n{told.text}")
    return 0


def finish(channels: list[Channel], items: list[Any], send: Any, options: IncidentsConfig) -> int:
    """Deliver to every channel, then say which failed; non-zero when any did."""
    if not channels:
        print(f"No channel is configured: set {options.announce_urls_env} or {options.announce_webhook_url_env}.")
        return 1
    # Apprise logs its own failures, with details of the service's answer; the summary below names the channel.
    logging.getLogger("apprise").setLevel(logging.CRITICAL)
    report = deliver(channels, items, send, Retry(int(options.announce_attempts), float(options.announce_retry_delay)),
                     print)
    if report.failed:
        print(f"incidents: {len(report.failed)} channel(s) failed after every retry: {', '.join(report.failed)}")
        return 1
    return 0
