"""Render a Post in the seed format: Jekyll front matter + Tistory-ready HTML body.

The literal shapes (key order, YAML styles, spacers, highlight markup, footer)
are those of the reference post; see the post-format spec.
"""

from __future__ import annotations

import html
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
    excerpt = _one_line(post.excerpt)
    lines = ["---", f"title: {yaml_scalar(_one_line(post.title))}", "categories:"]
    lines += [f"  - {yaml_scalar(_one_line(c))}" for c in post.categories]
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
    dumped = yaml.safe_dump(value, allow_unicode=True, width=1_000_000, default_flow_style=True)
    return dumped.removesuffix("\n...\n").removesuffix("\n")


def single_quoted(value: str) -> str:
    return "'" + _one_line(value).replace("'", "''") + "'"


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _text(value: str) -> str:
    return html.escape(value, quote=False)


def _attr(value: str) -> str:
    return html.escape(value, quote=True)
