"""The arguments of ``incidents announce``; its code (and Apprise) is imported only when it runs."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(commands: Any) -> None:
    """Register ``announce``."""
    parser = commands.add_parser(
        "announce", help="announce what changed since the last deploy (chat, email, signed webhooks)",
        description="Compare the public site just built with the one deployed before, and send each change "
                    "once to the channels in INCIDENTS_ANNOUNCE_URLS (Apprise URLs) and INCIDENTS_WEBHOOK_URL "
                    "(signed with INCIDENTS_WEBHOOK_SECRET). Run it with the public configuration: "
                    "incidents -f mkdocs.public.yml announce --previous https://status.example.com/ "
                    "(the handbook's Announcements page explains the set-up).",
    )
    parser.add_argument("--previous", metavar="LOCATION", help="the site deployed before: its URL or a folder holding it")
    parser.add_argument("--site", metavar="DIR", help="the public site just built (default: the configuration's site_dir)")
    parser.add_argument("--dry-run", action="store_true", help="print what would be sent, send nothing")
    parser.add_argument("--test", action="store_true", help="send one test message to every channel")
    parser.add_argument("--snapshot", metavar="DIR",
                        help="only save the previous site's public files into DIR (before a deploy replaces them)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run the command, importing its channels only now."""
    from .announce_command import run as announce

    return announce(args)
