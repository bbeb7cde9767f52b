"""Output formats besides the Jekyll post: Tistory paste-ready HTML and a standalone page.

Tistory's Open API was shut down in 2024, so a Tistory user pastes the body into
the HTML editor; the seed body is already in Tistory's markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING

from blogwire.errors import BlogwireError, Failure, failure
from blogwire.models import OutputFormat, Post, RenderedPost
from blogwire.render.seed import body, post_stem, render_post
from blogwire.settings import PostSettings

if TYPE_CHECKING:
    import jinja2


def render_as(post: Post, settings: PostSettings, fmt: OutputFormat) -> RenderedPost:
    if fmt is OutputFormat.JEKYLL:
        return render_post(post, settings)
    html_body = body(post, settings)
    if fmt is OutputFormat.TISTORY:
        return RenderedPost(post=post, path=f"tistory/{post_stem(post)}.html", text=html_body)
    from markupsafe import Markup  # with jinja2: only the html format needs them

    # the body is built from escaped text only, so it may go into the page as markup
    page = (
        _environment().get_template("standalone.html.j2").render(post=post, body=Markup(html_body))
    )
    return RenderedPost(post=post, path=f"html/{post_stem(post)}.html", text=page)


def render_items(
    items: Iterable[tuple[str, Post | Failure]], settings: PostSettings, fmt: OutputFormat
) -> Iterator[tuple[str, RenderedPost | Failure]]:
    """Each source's post rendered, or why it has none; a post that cannot be
    rendered becomes its source's failure."""
    for source, item in items:
        if isinstance(item, Failure):
            yield source, item
            continue
        try:
            yield source, render_as(item, settings, fmt)
        except BlogwireError as exc:
            yield source, failure(source, exc)


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("blogwire.render", "templates"),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
