"""Build a static site from a Jekyll site folder's posts, in the layout of its theme.

Everything is sorted and every time comes from the posts, so the same posts give
the same bytes; see `output.py` for how a failed build keeps the previous site.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from blogwire.compose.slug import slugify
from blogwire.errors import SiteError
from blogwire.settings import Settings
from blogwire.site.output import (
    ASSETS,
    FEED_PATH,
    SITEMAP_PATH,
    STYLESHEET,
    SitemapEntry,
    absolute_url,
    atom_feed,
    output_folder,
    relative_url,
    sitemap,
    staged_folder,
    static_files,
    stylesheet,
    write_file,
)
from blogwire.site.posts import (
    SiteConfig,
    SitePost,
    newest_first,
    read_post,
    read_posts,
    read_site_config,
)

PAGE_SIZE = 20  # posts per index page; page 2 is /page/2/
RELATED_POSTS = 3
_NO_POSTS_TIME = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class BuildResult:
    out_dir: Path
    pages: int  # HTML pages written
    posts: int
    categories: int
    skipped: tuple[str, ...]  # "file name: problem" for each post file left out


@dataclass(frozen=True, slots=True)
class Category:
    name: str
    slug: str
    posts: tuple[SitePost, ...]  # newest first

    @property
    def url(self) -> str:
        return f"/categories/{self.slug}/"


@dataclass(frozen=True, slots=True)
class _Page:
    path: str  # site path, not percent-encoded, ends with "/"
    template: str
    context: Mapping[str, Any]
    lastmod: date


def build_site(settings: Settings, out_dir: Path | None = None) -> BuildResult:
    """Render `<site_dir>/_posts/*.md` into a static site in `out_dir`
    (default `<site_dir>/_site`). Drafts in `_drafts/` are not built."""
    site_dir = settings.site_dir
    target = output_folder(site_dir, out_dir)
    if not (site_dir / "_posts").is_dir():
        raise SiteError("not a Jekyll site: it has no _posts/ folder", subject=str(site_dir))
    config = read_site_config(site_dir)
    read = read_posts(
        site_dir / "_posts", settings.post, config, max_bytes=settings.fetch.max_bytes
    )
    posts, duplicates = _unique_urls(read.posts)
    categories = _categories(posts)
    built = posts[0].published if posts else _NO_POSTS_TIME
    env = _environment(site_dir, config, built)
    env.globals["categories"] = categories
    pages = list(_pages(posts, categories, built.date()))

    with staged_folder(target) as work:
        for page in pages:
            canonical = absolute_url(config, quote(page.path, safe="/"))
            html = _render(env, page.template, {**page.context, "canonical": canonical})
            write_file(work, page.path + "index.html", html.encode("utf-8"))
        write_file(work, FEED_PATH, atom_feed(config, posts, built))
        entries = [
            SitemapEntry(absolute_url(config, quote(p.path, safe="/")), p.lastmod) for p in pages
        ]
        write_file(work, SITEMAP_PATH, sitemap(entries))
        for name, data in static_files():
            write_file(work, ASSETS + name, data)
    return BuildResult(
        out_dir=target,
        pages=len(pages),
        posts=len(posts),
        categories=len(categories),
        skipped=read.skipped + duplicates,
    )


def render_post_page(site_dir: Path, post_path: Path, settings: Settings) -> str:
    """The HTML of one post (a draft or a published post) in the site's theme, with its
    stylesheet inline so the page previews without the built site. Only this post is
    read: the site's other posts (related posts, the category list) would cost a read
    of every post for each preview (6 s at 10,000 posts), and the preview is for
    judging this post's own page."""
    config = read_site_config(site_dir)
    post = read_post(
        post_path,
        settings.post,
        config,
        dated_name=post_path.parent.name == "_posts",
        max_bytes=settings.fetch.max_bytes,
    )
    env = _environment(site_dir, config, post.published)
    env.globals["inline_css"] = Markup(stylesheet())  # our own file, not user input
    categories = _categories([post])
    env.globals["categories"] = categories
    context = _post_context(post, [post], categories)
    return _render(env, "post.html.j2", {**context, "canonical": absolute_url(config, post.url)})


def related_posts(post: SitePost, posts: Sequence[SitePost]) -> tuple[SitePost, ...]:
    """Up to three other posts, those sharing the most categories first, then the newest."""
    others = [p for p in posts if p.path != post.path]
    mine = set(post.categories)
    # sorted() is stable, so posts sharing as many categories stay newest first
    ranked = sorted(others, key=lambda p: -len(mine & set(p.categories)))
    return tuple(ranked[:RELATED_POSTS])


def _pages(
    posts: tuple[SitePost, ...], categories: tuple[Category, ...], built: date
) -> Iterator[_Page]:
    chunks = [posts[i : i + PAGE_SIZE] for i in range(0, len(posts), PAGE_SIZE)] or [()]
    for number, chunk in enumerate(chunks, 1):
        yield _Page(
            path=_index_path(number),
            template="index.html.j2",
            context={
                "posts": chunk,
                "page_number": number,
                "total_pages": len(chunks),
                "previous_url": _index_path(number - 1) if number > 1 else None,
                "next_url": _index_path(number + 1) if number < len(chunks) else None,
            },
            lastmod=chunk[0].date if chunk else built,
        )
    for post in posts:
        yield _Page(post.path, "post.html.j2", _post_context(post, posts, categories), post.date)
    yield _Page("/categories/", "categories.html.j2", {}, built)
    for category in categories:
        yield _Page(
            category.url,
            "category.html.j2",
            {"category": category, "posts": category.posts},
            category.posts[0].date,
        )


def _post_context(
    post: SitePost, posts: Sequence[SitePost], categories: Sequence[Category]
) -> dict[str, Any]:
    by_slug = {c.slug: c for c in categories}
    slugs = dict.fromkeys(slugify(name) for name in post.categories)
    return {
        "post": post,
        # sanitized to the post format's markup when the file was read
        "body": Markup(post.body_html),
        "credit": Markup(post.credit_html) if post.credit_html else None,
        "post_categories": [by_slug[slug] for slug in slugs if slug in by_slug],
        "related": related_posts(post, posts),
    }


def _categories(posts: Sequence[SitePost]) -> tuple[Category, ...]:
    """Categories by URL slug; names that share a slug ("News", "news") are one page,
    titled with the name of its newest post."""
    groups: dict[str, tuple[str, list[SitePost]]] = {}
    for post in posts:
        for name in post.categories:
            slug = slugify(name)
            groups.setdefault(slug, (name, []))[1].append(post)
    return tuple(
        Category(name=name, slug=slug, posts=tuple(members))
        for slug, (name, members) in sorted(groups.items())
    )


def _unique_urls(posts: tuple[SitePost, ...]) -> tuple[tuple[SitePost, ...], tuple[str, ...]]:
    # Two files with one permalink would overwrite each other's page; the first one in
    # file name order keeps it, as the newer-named file is the likelier accident.
    seen: dict[str, SitePost] = {}
    skipped: list[str] = []
    for post in sorted(posts, key=lambda p: p.source):
        if post.path in seen:
            skipped.append(f"{post.source}: same URL {post.path} as {seen[post.path].source}")
        else:
            seen[post.path] = post
    return newest_first(seen.values()), tuple(skipped)


def _environment(site_dir: Path, config: SiteConfig, built: datetime) -> jinja2.Environment:
    """Templates from `<site_dir>/templates/` first, then the package's own."""
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.FileSystemLoader(site_dir / "templates"),
                jinja2.PackageLoader("blogwire.site", "templates"),
            ]
        ),
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["relative_url"] = lambda url: relative_url(config, str(url))
    env.filters["absolute_url"] = lambda url: absolute_url(config, str(url))
    env.filters["korean_date"] = lambda d: f"{d.year}년 {d.month}월 {d.day}일"
    env.globals.update(
        site=config,
        build_year=built.year,
        inline_css=None,
        categories=(),
        feed_path=FEED_PATH,
        stylesheet_path=ASSETS + STYLESHEET,
    )
    return env


def _render(env: jinja2.Environment, template: str, context: Mapping[str, Any]) -> str:
    try:
        return env.get_template(template).render(context)
    except jinja2.TemplateError as exc:
        name = getattr(exc, "filename", None) or getattr(exc, "name", None) or template
        line = getattr(exc, "lineno", None)
        where = f" (line {line})" if line else ""
        raise SiteError(f"template error{where}: {exc.message}", subject=name) from exc


def _index_path(number: int) -> str:
    return "/" if number == 1 else f"/page/{number}/"
