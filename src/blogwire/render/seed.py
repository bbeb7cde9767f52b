"""Render a Post in the seed format: Jekyll front matter + Tistory-ready HTML body.

The literal shapes (key order, YAML styles, spacers, highlight markup, footer)
are those of the reference post; see the post-format spec.

Text from a source can hold anything, so every value is normalized on the way out:

- front matter (title, categories, excerpt): characters YAML cannot print dropped,
  whitespace collapsed to single spaces (one line) and `<`, `>` written as the
  angle brackets `〈`, `〉` (U+3008, U+3009; Korean's own brackets for titles of
  works, the usual reason for `<…>` in a Korean sentence). Jekyll themes print these
  values into pages unescaped, so a stranger's `<script>` must not survive as markup
  there; HTML entities would be escaped twice by everything that does escape (feeds,
  SEO tags, blogwire's own site and review UI). `&` cannot open a tag and is kept.
- body text and attributes: HTML-escaped, line breaks turned into spaces (every
  block of the post is one line), and `{` written `&#123;` so a stranger's
  `{{ … }}` or `{% … %}` is not run by Jekyll's Liquid.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

import yaml

from blogwire.models import Highlight, Paragraph, Post, RenderedPost, SourceCredit
from blogwire.settings import PostSettings

SPACER = '<p data-ke-size="size16">&nbsp;</p>'
FRONT_MATTER_KEYS = ("title", "categories", "excerpt", "feature_text", "image")


def render_post(post: Post, settings: PostSettings) -> RenderedPost:
    text = front_matter(post) + "\n" + body(post, settings)
    return RenderedPost(post=post, path=f"_posts/{post_stem(post)}.md", text=text)


def post_stem(post: Post) -> str:
    """Jekyll's YYYY-MM-DD-slug, shared by every output format."""
    return f"{post.date.isoformat()}-{post.slug}"


def front_matter(post: Post) -> str:
    excerpt = front_text(post.excerpt)
    lines = ["---", f"title: {yaml_scalar(front_text(post.title))}", "categories:"]
    lines += [f"  - {yaml_scalar(front_text(c))}" for c in post.categories]
    lines += [
        "excerpt: >",
        f"  {excerpt}",
        "feature_text: >",
        f"  {excerpt}",
        f"image: {single_quoted(post.image)}",
        "---",
        "",
    ]
    return "\n".join(lines)


def body(post: Post, settings: PostSettings) -> str:
    blocks = [
        f'<p><img src="{_attr(post.image)}" alt="{_attr(settings.image_alt)}" /></p>',
        f'<h2 data-ke-size="size26">{_text(post.headline)}</h2>',
    ]
    content = [f"<p>{paragraph_html(post.intro, settings)}</p>"]
    for section in post.sections:
        content.append(
            f"<p>{_text(section.title)}</p>\n\n<p>{paragraph_html(section.body, settings)}</p>"
        )
    content.append(f"<p>{paragraph_html(post.conclusion, settings)}</p>")
    blocks.append(SPACER)
    blocks.append(f"\n\n{SPACER}\n\n".join(content))
    if post.credits:
        blocks.append(credits_html(post.credits, settings))
    footer = (
        f'{_text(settings.footer_text)}<a href="{_attr(settings.footer_url)}" '
        f'rel="{_attr(settings.footer_rel)}">{_text(settings.footer_link_text)}</a>'
    )
    return "\n\n".join(blocks) + "\n" + footer + "\n"


def paragraph_html(paragraph: Paragraph, settings: PostSettings) -> str:
    out: list[str] = []
    for span in paragraph.spans:
        text = _text(span.text)
        if span.highlight is None:
            out.append(text)
        else:
            out.append(
                f'<b><span style="{highlight_style(span.highlight, settings)}">{text}</span></b>'
            )
    return "".join(out)


def highlight_style(highlight: Highlight, settings: PostSettings) -> str:
    if highlight is Highlight.RED:
        return f"color: {settings.red};"
    if highlight is Highlight.BLUE:
        return f"color: {settings.blue};"
    return f"background-color: {settings.tint};"


def credits_html(credits: Sequence[SourceCredit], settings: PostSettings) -> str:
    """One source line naming every outlet, each linked to its original article."""
    parts = []
    for credit in credits:
        if credit.url:
            title = (
                f'<a href="{_attr(credit.url)}" target="_blank" rel="noopener nofollow">'
                f"{_text(credit.title)}</a>"
            )
        else:
            title = _text(credit.title)
        parts.append(f"{_text(credit.outlet)}, {title}")
    return f'<p data-blogwire="source">{_text(settings.credit_label)}: {" · ".join(parts)}</p>'


def yaml_scalar(value: str) -> str:
    """Plain when YAML allows it, quoted by the emitter when it does not (':', '#', quotes)."""
    if _surely_plain(value):
        return value  # what the emitter would write, without running it
    dumped = yaml.safe_dump(value, allow_unicode=True, width=1_000_000, default_flow_style=True)
    return dumped.removesuffix("\n...\n").removesuffix("\n")


# Values the emitter surely writes plain (see yaml's Emitter.analyze_scalar), checked
# without running it: most titles and categories. The first character is a letter,
# digit or Hangul syllable, so there is no leading indicator, space or document marker;
# the others include only characters that are indicators at the start alone (",", "?",
# "!", "-"), never ":" or "#" (indicators next to a space), a quote or a line break.
# A last space makes the emitter quote; a value far longer than a title might be
# folded at its width. Anything else goes to the emitter itself.
_PLAIN_SCALAR = re.compile(r"[0-9A-Za-z\uac00-\ud7a3][0-9A-Za-z\uac00-\ud7a3 ,.?!·…()\-]{0,200}")
_RESOLVER = yaml.resolver.Resolver()  # SafeDumper's: which plain values read as non-strings
_STR_TAG = "tag:yaml.org,2002:str"


def _surely_plain(value: str) -> bool:
    return (
        _PLAIN_SCALAR.fullmatch(value) is not None
        and not value.endswith(" ")
        # "true", "null", "12": the emitter quotes what would load as another type
        and _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _STR_TAG  # type: ignore[no-untyped-call]
    )


def single_quoted(value: str) -> str:
    return "'" + _one_line(value).replace("'", "''") + "'"


def front_text(value: str) -> str:
    """A text value as the front matter holds it: one line, no markup, nothing YAML
    cannot print (control characters, U+FFFE/U+FFFF are dropped; see the module doc)."""
    # two replace() calls: str.translate is slow on non-ASCII text
    return _one_line(_NOT_YAML.sub("", value)).replace("<", "〈").replace(">", "〉")


# Outside YAML's printable set; a block scalar (the excerpt) cannot escape them.
_NOT_YAML = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _one_line(value: str) -> str:
    return " ".join(value.split())


# What str.splitlines() breaks on: any of them inside a value would split a block.
_BREAKS = r"\n\r\v\f\x1c-\x1e\x85\u2028\u2029"
_LINE_BREAK = re.compile(rf"\s*[{_BREAKS}]+\s*")
# Any character _text or _attr would change; most text has none and is kept as it is.
_TEXT_CHANGES = re.compile(rf"[{_BREAKS}&<>{{]")
_ATTR_CHANGES = re.compile(rf"[{_BREAKS}&<>{{\"']")


def _text(value: str) -> str:
    if _TEXT_CHANGES.search(value) is None:
        return value
    return html.escape(_LINE_BREAK.sub(" ", value), quote=False).replace("{", "&#123;")


def _attr(value: str) -> str:
    if _ATTR_CHANGES.search(value) is None:
        return value
    return html.escape(_LINE_BREAK.sub(" ", value), quote=True).replace("{", "&#123;")
