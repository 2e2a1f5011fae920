"""Markdown fields are sanitised, and the public build drops raw HTML entirely."""

from __future__ import annotations

import nh3
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incident_reports.core.loader import FORBIDDEN
from incident_reports.views.markdown_text import PLAIN_SENTENCE, MarkdownText, text_angles_escaped
from incident_reports.views.pages import page_output, safe_title
from incident_reports.views.plain_text import plain_text
from incident_reports.views.sanitiser import ALLOWED_ATTRIBUTES, ALLOWED_TAGS

#: What a build renders Markdown fields with (one per test run, as one per build).
MARKDOWN = MarkdownText()


def markdown_html(text: str, public: bool) -> str:
    """A Markdown field as the build renders it for the audience."""
    return str(MARKDOWN.html(text, public))

TEXT = """Hello <span title="zqxattr">world</span> <!-- zqxcomment --> &amp; **bold**

<div data-x="zqxblock">zqxblocktext</div>

```
<b>code stays</b>
```

Inline `<i>code</i>`, <https://example.com> and [a link](javascript:window.x=1)
<script>window.x=1</script><img src=x onerror="window.x=1">
"""


def test_the_public_build_removes_raw_html_and_keeps_markdown():
    html = str(markdown_html(TEXT, public=True))
    for hidden in ("zqxattr", "zqxcomment", "zqxblock", "zqxblocktext", "<script", "onerror", "javascript:", "<span"):
        assert hidden not in html
    assert "<strong>bold</strong>" in html and "&amp;" in html
    assert "&lt;b&gt;code stays&lt;/b&gt;" in html and "<code>&lt;i&gt;code&lt;/i&gt;</code>" in html
    assert '<a href="https://example.com"' in html


def test_the_internal_build_keeps_safe_raw_html_and_removes_scripts():
    html = str(markdown_html(TEXT, public=False))
    assert "zqxattr" in html and "zqxblocktext" in html
    for dangerous in ("<script", "onerror", "javascript:", "zqxcomment"):
        assert dangerous not in html


def test_page_titles_cannot_become_markup_in_the_theme():
    title = '</title><script>alert(1)</script> & "quotes"'
    assert "<" not in safe_title(title) and ">" not in safe_title(title) and "&" not in safe_title(title)
    text = page_output("incidents/x.md", title, "<p>x</p>", tags=["b", "a"]).content
    assert text.startswith("---\ntitle: ") and 'tags: ["a", "b"]' in text


_SENTENCE_ALPHABET = "abcXYZ019 .,;:'\"?()%/-\n"


@settings(max_examples=1500, deadline=None)
@given(
    st.one_of(st.from_regex(PLAIN_SENTENCE, fullmatch=True), st.text(alphabet=_SENTENCE_ALPHABET, max_size=40)), st.booleans()
)
def test_plain_sentences_render_as_markdown_would(text: str, public: bool) -> None:
    """The plain-sentence shortcut gives exactly what Python-Markdown and the sanitiser give."""
    converted = MARKDOWN.converter(public).reset().convert(text)
    expected = nh3.clean(converted, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, link_rel="noopener noreferrer")
    assert str(markdown_html(text, public)) == expected


@settings(max_examples=1000, deadline=None)
@given(
    st.one_of(st.from_regex(PLAIN_SENTENCE, fullmatch=True), st.text(alphabet=_SENTENCE_ALPHABET + "<>*[]_`&", max_size=40)),
    st.booleans(),
)
def test_update_messages_are_made_once_as_the_general_path_makes_them(text: str, public: bool) -> None:
    """A message's HTML (shortcut or not) and its plain text are what Markdown, the sanitiser and the text reader give,
    and asking again in the same build gives the same, made once."""
    fresh = MarkdownText()
    expected = fresh.sanitised_html(text_angles_escaped(text), public, True) if text else ""
    assert str(fresh.message_html(text, public)) == str(expected)
    expected_text = plain_text(str(fresh.sanitised_html(text_angles_escaped(text), True, True))) if text else ""
    assert fresh.message_text(text) == expected_text
    # Asked again (by another output), a message that took the general path is given back, not made again.
    shortcut = PLAIN_SENTENCE.fullmatch(text) and "\n" not in text.rstrip("\n") and "  " not in text
    if text and not shortcut:
        assert fresh.message_text(text) is fresh.message_text(text)


#: Every raw-HTML element kind whose contents a browser does not show as text, written the ways a report
#: could: inline in a sentence, as a block of its own, upper case, with attributes, and left unclosed.
HIDDEN_ELEMENTS = (
    "script",
    "style",
    "template",
    "noscript",
    "title",
    "textarea",
    "iframe",
    "object",
    "applet",
    "svg",
    "math",
    "xmp",
    "plaintext",
    "noembed",
    "noframes",
    "datalist",
    "dialog",
)
#: Elements that hold nothing or that a page's body ignores: their tags go, and the text beside them is shown.
EMPTY_OR_IGNORED = ("embed", "frame", "frameset", "head", "base", "meta", "link", "form", "input", "button", "select")


@pytest.mark.parametrize("public", [False, True], ids=["internal", "public"])
@pytest.mark.parametrize("tag", HIDDEN_ELEMENTS)
def test_hidden_elements_go_with_their_text(tag: str, public: bool) -> None:
    forms = {
        "inline": f"Before <{tag}>zqxhidden</{tag}> after.",
        "block": f"Before.\n\n<{tag}>\nzqxhidden\n</{tag}>\n\nAfter.",
        "upper case with attributes": f"Before <{tag.upper()} class=x id='y'>zqxhidden</{tag.upper()}> after.",
        "nested markup": f"Before <{tag}><a href='#'>zqxhidden</a> <abbr>zqxhidden</abbr></{tag}> after.",
    }
    for form, text in forms.items():
        html = str(markdown_html(text, public=public))
        assert "zqxhidden" not in html, (form, html)
        assert "Before" in html, (form, html)
        assert f"<{tag}" not in html.lower(), (form, html)


@pytest.mark.parametrize("public", [False, True], ids=["internal", "public"])
def test_an_unclosed_hidden_element_hides_the_rest_rather_than_show_it(public: bool) -> None:
    for tag in ("script", "style", "textarea", "title", "plaintext", "xmp"):
        html = str(markdown_html(f"Shown <{tag}>zqxhidden and more", public=public))
        assert "zqxhidden" not in html and "Shown" in html, (tag, html)


@pytest.mark.parametrize("public", [False, True], ids=["internal", "public"])
def test_hidden_element_names_in_code_stay_visible_as_code(public: bool) -> None:
    html = str(markdown_html("Use `<script>x</script>` and\n\n```\n<style>a{}</style>\n```\n", public=public))
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "&lt;style&gt;a{}&lt;/style&gt;" in html


@pytest.mark.parametrize("public", [False, True], ids=["internal", "public"])
@pytest.mark.parametrize("tag", EMPTY_OR_IGNORED)
def test_other_raw_elements_lose_their_tags(tag: str, public: bool) -> None:
    html = str(markdown_html(f"Before <{tag} name=zqxattr>text</{tag}> after.", public=public))
    assert f"<{tag}" not in html.lower() and "zqxattr" not in html, html


# --- One sanitiser for every output ----------------------------------------------------------------------

#: Text a browser never shows, written the ways an update message could hold it.
HIDDEN_IN_MESSAGES = {
    "comment": "Before <!-- zqxhidden --> after.",
    "comment block": "Before.\n\n<!--\nzqxhidden\n-->\n\nAfter.",
    "comment at the start": "<!-- zqxhidden -->\nBefore, after.",
    "script": "Before <script>zqxhidden()</script> after.",
    "script block": "Before.\n\n<script>\nzqxhidden()\n</script>\n\nAfter.",
    "style": "Before <style>.zqxhidden{}</style> after.",
    "template": "Before <template>zqxhidden</template> after.",
    "upper case": "Before <SCRIPT type=x>zqxhidden</SCRIPT> after.",
    "beside a line break": "Before<br><!-- zqxhidden --><br>after.",
    "beside text that is not markup": "Before <your email> <!-- zqxhidden --> after.",
}


@pytest.mark.parametrize("public", [False, True], ids=["internal", "public"])
@pytest.mark.parametrize("form", HIDDEN_IN_MESSAGES)
def test_update_messages_drop_hidden_text_in_html_and_plain_text(form: str, public: bool) -> None:
    """Pages and feeds (HTML) and the API's body (plain text) drop comments and hidden elements with their text."""
    text = HIDDEN_IN_MESSAGES[form]
    html, plain = str(MARKDOWN.message_html(text, public)), MARKDOWN.message_text(text)
    for shown in (html, plain):
        assert "zqxhidden" not in shown and "<!--" not in shown and "script" not in shown.lower(), (form, shown)
        assert "Before" in shown and "after" in shown.lower(), (form, shown)


@pytest.mark.parametrize("public", [False, True], ids=["internal", "public"])
def test_hidden_markup_in_code_is_shown_as_written(public: bool) -> None:
    text = "Run `<!-- x -->` and\n\n```\n<script>y</script>\n```\n"
    assert "&lt;!-- x --&gt;" in str(MARKDOWN.message_html(text, public))
    assert "&lt;script&gt;y&lt;/script&gt;" in str(MARKDOWN.message_html(text, public))
    assert "<!-- x -->" in MARKDOWN.message_text(text) and "<script>y</script>" in MARKDOWN.message_text(text)


#: Images from another host, as Markdown and as raw HTML, alone and inside a link.
IMAGES = {
    "markdown": ("![tracking](https://tracker.example.net/p.gif)", "tracking", "https://tracker.example.net/p.gif"),
    "no description": ("![](https://tracker.example.net/p.gif)", "https://tracker.example.net/p.gif",
                       "https://tracker.example.net/p.gif"),
    "inside a link": ("[![badge](https://tracker.example.net/b.svg)](https://example.org/s)", "badge", "https://example.org/s"),
    "protocol-relative": ("![x](//tracker.example.net/p.gif)", "x", "//tracker.example.net/p.gif"),
}


@pytest.mark.parametrize("public", [False, True], ids=["internal", "public"])
@pytest.mark.parametrize("form", IMAGES)
def test_an_image_becomes_a_link_to_it_in_every_text(form: str, public: bool) -> None:
    """Nothing a report writes makes a page, a feed or an email ask another host for anything."""
    text, words, address = IMAGES[form]
    for html in (str(MARKDOWN.message_html(text, public)), markdown_html(text, public)):
        assert "<img" not in html and "src=" not in html, html
        assert f'<a href="{address}" rel="noopener noreferrer">{words}</a>' in html, html
    assert MARKDOWN.message_text(text) == (words if words == address else f"{words} ({address})")


def test_a_raw_image_in_the_internal_build_becomes_a_link_too() -> None:
    html = markdown_html('See <img src="https://tracker.example.net/p.gif" alt="the graph" onerror="x()">.', public=False)
    assert html == '<p>See <a href="https://tracker.example.net/p.gif" rel="noopener noreferrer">the graph</a>.</p>'


#: Numeric references to characters a report file may not hold: controls (ESC among them), a line separator,
#: a non-character and a lone surrogate.
FORBIDDEN_REFERENCES = "&#x1b;[31m &#8; &#x85; &#x2028; &#xFFFE; &#xD800; &#0;"


@pytest.mark.parametrize("public", [False, True], ids=["internal", "public"])
def test_a_reference_to_a_forbidden_character_is_shown_as_a_replacement(public: bool) -> None:
    """What validation refuses as a character it cannot let in as a reference: feeds (XML) could not hold it."""
    text = f"Before {FORBIDDEN_REFERENCES} after."
    for html in (str(MARKDOWN.message_html(text, public)), markdown_html(text, public)):
        assert FORBIDDEN.search(html) is None, repr(html)
        assert "Before" in html and "after." in html and "\ufffd" in html, repr(html)
    assert FORBIDDEN.search(MARKDOWN.message_text(text)) is None
