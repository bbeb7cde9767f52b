"""A static site from a Jekyll site folder's posts (`blogwire build`), and previews."""

from blogwire.site.build import BuildResult, build_site, render_post_page

__all__ = ["BuildResult", "build_site", "render_post_page"]
