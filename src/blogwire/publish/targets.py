"""Publishing the site's posts to its remote targets ([[targets]], WordPress), after
the Jekyll write: each published post once per target, updated when it changes.

Crash safety mirrors the Jekyll path's 'writing' -> 'published': the store records
the post for the target ('sending', with a marker) before the first request, and
the remote id after. The marker is the remote post's slug (the post's own slug and
`-bw` and 8 random hex digits), so a run killed after WordPress made the post but
before the store heard of it finds that post by its slug and updates it instead of
making a second one. A target that fails as a whole (wrong login, site down) is
left alone for the rest of the run; the other targets and the Jekyll posts do not
wait on it, and the next run sends what is left.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from blogwire.errors import BlogwireError, PublishError, RemoteError
from blogwire.faults import crash_point
from blogwire.models import Post
from blogwire.postjson import post_from_json
from blogwire.publish.wordpress import WordPress
from blogwire.render.seed import body
from blogwire.settings import Settings, TargetConfig
from blogwire.store import RemoteRecord, Store

# WordPress keeps at most 200 bytes of a slug in its URL-encoded form; the marker must
# survive whole, so the readable part is cut to leave room for it.
SLUG_BYTES = 180
MARKER_TAG = "-bw"


@dataclass(frozen=True, slots=True)
class TargetReport:
    """What one run did on one target."""

    target: str
    published: int = 0  # posts made on the site
    updated: int = 0  # posts sent again because they changed
    failed: int = 0
    not_tried: int = 0  # left for the next run after the target failed as a whole
    error: str | None = None  # the first error, or the one that stopped the target
    would_send: int = 0  # a dry run: posts it would send


def marker_for(slug: str, token: str | None = None) -> str:
    """The remote slug: the post's slug, cut to fit, then `-bw` and 8 hex digits."""
    tail = f"{MARKER_TAG}{token or secrets.token_hex(4)}"
    kept = ""
    for char in slug:
        if len(quote(kept + char, safe="-")) > SLUG_BYTES - len(tail):
            break
        kept += char
    return f"{kept.strip('-')}{tail}" if kept.strip("-") else tail.lstrip("-")


def remote_fields(
    post: Post, settings: Settings, target: TargetConfig, *, today: dt.date
) -> dict[str, Any]:
    """Title, body (sanitized as the site build does), excerpt and date of the post;
    categories are names here (ids are the site's, looked up when sending)."""
    from blogwire.site.posts import sanitize_body

    fields: dict[str, Any] = {
        "title": post.title,
        "content": sanitize_body(body(post, settings.post), settings.post),
        "excerpt": post.excerpt,
        "categories": [target.categories.get(name, name) for name in post.categories],
    }
    if post.date < today:  # today's post keeps WordPress's "now"; never a future date
        fields["date"] = f"{post.date.isoformat()}T09:00:00"
    return fields


def fields_hash(fields: Mapping[str, Any]) -> str:
    text = json.dumps(fields, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


class TargetPublisher:
    """Sends the store's published posts to every target. One per run (or desk action)."""

    def __init__(
        self,
        settings: Settings,
        store: Store,
        environ: Mapping[str, str],
        *,
        connect: Callable[[TargetConfig, str], WordPress] | None = None,
        today: dt.date | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.environ = environ
        self._connect = connect or (lambda t, p: WordPress(t, p, settings.fetch))
        self.today = today or dt.date.today()
        self._sent = 0  # requests that made or changed a post, for the crash tests

    def publish_all(self, *, dry_run: bool = False) -> list[TargetReport]:
        return [self.publish_target(target, dry_run=dry_run) for target in self.settings.targets]

    def publish_target(self, target: TargetConfig, *, dry_run: bool = False) -> TargetReport:
        posts = self.store.posts_to_send(target.name)
        if dry_run or not posts:
            return TargetReport(target.name, would_send=len(posts) if dry_run else 0)
        try:
            password = self.password(target)
        except RemoteError as exc:
            return self._stopped(target, posts, exc)
        counts = {"published": 0, "updated": 0, "failed": 0}
        error: str | None = None
        with self._connect(target, password) as site:
            try:
                site.me()  # a wrong login is one clear error before any post is tried
            except RemoteError as exc:
                return self._stopped(target, posts, exc)
            for index, post_id in enumerate(posts):
                try:
                    done = self.send(site, target, post_id)
                except BlogwireError as exc:  # recorded; the next run tries it again
                    self.store.fail_remote(post_id, target.name, exc.message)
                    counts["failed"] += 1
                    error = error or exc.message
                    if isinstance(exc, RemoteError) and exc.whole_target:
                        return self._stopped(target, posts[index + 1 :], exc, counts)
                    continue
                if done:
                    counts[done] += 1
        return TargetReport(target.name, **counts, error=error)

    def _stopped(
        self,
        target: TargetConfig,
        left: list[int],
        exc: RemoteError,
        counts: dict[str, int] | None = None,
    ) -> TargetReport:
        """The target failed as a whole: the posts left are not tried, and each records
        why (for `status` and the desk); the next run tries them again."""
        counts = counts or {"published": 0, "updated": 0, "failed": 0}
        for post_id in left:
            self.store.fail_remote(post_id, target.name, exc.message)
        # the error that stopped the target is the one to report: it says what to fix
        return TargetReport(target.name, **counts, not_tried=len(left), error=exc.message)

    def publish_one(self, post_id: int, name: str) -> RemoteRecord | None:
        """Send one published post to one target now (the review desk's retry); a
        failure is recorded with its reason, as a run records it."""
        target = next((t for t in self.settings.targets if t.name == name), None)
        if target is None:
            from blogwire.errors import NotFoundError

            raise NotFoundError(f"no target {name} in the settings", subject=f"post {post_id}")
        try:
            password = self.password(target)
            with self._connect(target, password) as site:
                site.me()
                self.send(site, target, post_id)
        except BlogwireError as exc:
            self.store.fail_remote(post_id, target.name, exc.message)
        return self.store.remote_post(post_id, target.name)

    def password(self, target: TargetConfig) -> str:
        password = self.environ.get(target.password_env, "").strip()
        if not password:
            raise RemoteError(
                f"the environment variable {target.password_env} holding the application "
                "password is not set",
                subject=target.name,
                whole_target=True,
            )
        return password

    def send(self, site: WordPress, target: TargetConfig, post_id: int) -> str | None:
        """Make or update the post on the site: 'published', 'updated', or None when
        the site already has exactly this version."""
        record = self.store.find_post(post_id)
        content = self.store.post_content(post_id) if record else None
        if record is None or content is None:
            raise RemoteError(
                "written before blogwire kept each post's structure: re-compose it to send it",
                subject=target.name,
            )
        post, media = self._with_image(site, target, post_from_json(content))
        fields = remote_fields(post, self.settings, target, today=self.today)
        if media is not None:
            fields["featured_media"] = media
        digest = fields_hash(fields)
        before = self.store.remote_post(post_id, target.name)
        if before is not None and before.state == "published" and before.sent_hash == digest:
            self._finish(post_id, target, before.remote_id or 0, before.remote_url or "", digest)
            return None
        marker = before.marker if before is not None and before.marker else marker_for(post.slug)
        started = self.store.begin_remote(post_id, target.name, marker)
        remote_id = started.remote_id
        if remote_id is None and started.attempts > 1:  # an earlier try may have made it
            found = site.find(started.marker)
            remote_id = found.id if found else None
        fields["categories"] = [site.category(name) for name in fields["categories"]]
        if remote_id is not None:
            made = site.update(remote_id, fields)
            # a post found by its marker was never recorded as made: it counts as new
            done = "updated" if before is not None and before.remote_id is not None else "published"
        else:
            made = site.create({**fields, "slug": started.marker, "status": target.status})
            done = "published"
        self._sent += 1
        crash_point("remote", self._sent)
        self._finish(post_id, target, made.id, made.link, digest)
        return done

    def _finish(
        self, post_id: int, target: TargetConfig, remote_id: int, link: str, digest: str
    ) -> None:
        self.store.finish_remote(
            post_id, target.name, remote_id=remote_id, remote_url=link, sent_hash=digest
        )

    def _with_image(
        self, site: WordPress, target: TargetConfig, post: Post
    ) -> tuple[Post, int | None]:
        """The post with the image it may carry there, and its featured media: the
        configured default image (no media), unless `upload_images`, when the article's
        image is uploaded once, used in the body and made the featured image."""
        default = self.settings.post.default_image
        if not target.upload_images or post.image == default:
            return dataclasses.replace(post, image=default), None
        kept = self.store.remote_media(target.name, post.image)
        if kept is None:
            from blogwire.publish.images import download_image

            try:
                data, name, kind = download_image(post.image, self.settings.fetch)
            except PublishError:
                # an image that cannot be had (gone, refused, not an image) does not
                # hold the post back: it goes with the default image
                return dataclasses.replace(post, image=default), None
            kept = site.upload(data, name, kind)
            self.store.keep_media(target.name, post.image, *kept)
        return dataclasses.replace(post, image=kept[1] or default), kept[0]


@dataclass(frozen=True, slots=True)
class TargetCheck:
    """What `blogwire target check` found: the user the posts will be made as."""

    target: str
    user: str
    roles: tuple[str, ...]
    unfiltered_html: bool  # without it WordPress filters the HTML (kses); the seed markup passes
    waiting: int  # published posts the next run would send


def check_target(settings: Settings, name: str, environ: Mapping[str, str]) -> TargetCheck:
    """Log in to the target (one read-only request) and count what the next run sends."""
    from blogwire.errors import ConfigError

    target = next((t for t in settings.targets if t.name == name), None)
    if target is None:
        raise ConfigError(f"no target {name} in the settings (see `blogwire target list`)")
    database = settings.site_dir / settings.run.database
    waiting = 0
    if database.exists():
        with Store.open(database) as store:
            waiting = len(store.posts_to_send(target.name))
            password = TargetPublisher(settings, store, environ).password(target)
    else:
        password = environ.get(target.password_env, "").strip()
    if not password:
        raise RemoteError(
            f"the environment variable {target.password_env} is not set", subject=target.name
        )
    with WordPress(target, password, settings.fetch) as site:
        me = site.me()
    capabilities = me.get("capabilities") or {}
    return TargetCheck(
        target.name,
        str(me.get("slug") or me.get("name") or target.username),
        tuple(str(r) for r in me.get("roles") or ()),
        bool(capabilities.get("unfiltered_html")),
        waiting,
    )


def remote_states(
    settings: Settings, store: Store, post_id: int
) -> list[tuple[str, RemoteRecord | None]]:
    """Each configured target with what the store knows of the post there (None:
    waiting for the next run)."""
    found = {record.target: record for record in store.remote_posts(post_id)}
    return [(target.name, found.get(target.name)) for target in settings.targets]
