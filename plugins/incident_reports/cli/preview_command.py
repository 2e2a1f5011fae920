"""``incidents preview --base REF``: what merging the working tree would change on the public site.

The comparison and its writers are in ``preview/``, imported only when the command runs.
"""

from __future__ import annotations

import argparse
import sys

FORMATS = ("text", "markdown")


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register the command."""
    parser = commands.add_parser(
        "preview", help="show what merging would change on the public site",
        description="Compare what the public site would publish at REF with what it would publish from the working "
        "tree: statuses, public text, retractions and the announcements merging would make. Run it in the site's git "
        "repository: REF is read from git itself, without a checkout. Exit 1 when the working tree does not validate.",
    )
    parser.add_argument("--base", metavar="REF", required=True,
                        help="the commit, branch or tag to compare with (e.g. origin/main)")
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="markdown: for a pull request's comment (problems only counted and placed)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Read both sides, print the preview; 1 when the working tree does not validate, 2 when the base cannot be read."""
    from ..announce.messages import announcing_languages
    from ..preview.compare import compare
    from ..preview.document import document, invalid_document
    from ..preview.git_base import GitError, read_base
    from ..preview.markdown_format import as_markdown
    from ..preview.sides import base_side, working_tree_side
    from ..preview.text_format import as_text
    from ..views.times import local_time
    from .common import site_and_now

    site, now = site_and_now(args.config_file)
    write = as_markdown if args.format == "markdown" else as_text
    in_full = args.format == "text"
    head = working_tree_side(site.root, site.settings, now)
    if head.errors:
        for problem in head.errors:
            print(problem, file=sys.stderr)
        print(write(invalid_document(head.errors, in_full=False)), end="")
        return 1
    try:
        files = read_base(site.root, args.base, site.settings)
    except GitError as exc:
        print(f"incidents: {exc}", file=sys.stderr)
        return 2
    base = base_side(files, site.settings, now)
    languages = announcing_languages(site.options.announce_languages, site.settings, public=site.options.audience == "public")
    preview = compare(base, head, languages)
    print(write(document(preview, args.base, files.commit, local_time(head.site, now), in_full)), end="")
    return 0
