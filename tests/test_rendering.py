"""Shared rendering: Markdown fields are sanitised, and the public build drops raw HTML entirely."""

from __future__ import annotations

import nh3
from hypothesis import given, settings, strategies as st

from incident_reports.views.rendering import (
    _ALLOWED_ATTRIBUTES, _ALLOWED_TAGS, _PLAIN_SENTENCE, _converter, markdown_html, page_output, safe_title,
)

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
@given(st.one_of(st.from_regex(_PLAIN_SENTENCE, fullmatch=True), st.text(alphabet=_SENTENCE_ALPHABET, max_size=40)), st.booleans())
def test_plain_sentences_render_as_markdown_would(text: str, public: bool) -> None:
    """The plain-sentence shortcut gives exactly what Python-Markdown and the sanitiser give."""
    converted = _converter(public).reset().convert(text)
    expected = nh3.clean(converted, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES, link_rel="noopener noreferrer")
    assert str(markdown_html(text, public)) == expected
