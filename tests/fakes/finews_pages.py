"""Pages as the real finews site builds them (github.com/zning1994/finews `_layouts/`), for
the fake site's `layout="finews"`: not minima's markup (see `finews_post_html`)."""

from __future__ import annotations

import html

from tests.fakes.site import SitePost, render_markdown


def _finews_page(title: str, head: str, content: str) -> str:
    """The finews site's `_layouts/default.html` (github.com/zning1994/finews): site title in
    an `<h1>` of the page header, the page in a `<section>`, no `<article>` or `post-content`."""
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n  <head>\n    <meta charset="UTF-8">\n'
        '    <meta content="ZNing" name="author" />\n'
        f"{head}"
        '    <link rel="shortcut icon" href="https://withounder.com/images/favicon.ico">\n'
        f"<!-- Begin Jekyll SEO tag v2.8.0 -->\n<title>{html.escape(title)} | 金融消息</title>\n"
        '  </head>\n  <body onload="JavaScript:AutoRefresh(60000);">\n'
        '    <div class="wrapper">\n      <header>\n'
        '        <h1><a href="https://finews.withounder.com/">金融消息</a></h1>\n'
        "        <p></p>\n      </header>\n      <section>\n\n"
        f"{content}\n\n      </section>\n"
        "      <footer>\n        <p>&copy; 2021</p>\n      </footer>\n    </div>\n"
        "  </body>\n</html>\n"
    )


def finews_post_html(p: SitePost, base: str) -> str:
    """A post page as the real site builds it: `_layouts/post.html` (date in a `<small>`,
    title in an `<h1>`, the content, the tags) inside `default.html`, whose head puts the
    rendered content, unescaped, into `og:description` (quotes in it break the tag), and
    jekyll-seo-tag's `article:published_time`."""
    content = render_markdown(p.body)
    head = (
        f'    <meta property="og:title" content="{html.escape(p.title)}">\n'
        f'    <meta property="og:description" content="{content}">\n'
        f'    <meta property="og:url" content="https://finews.zning.me{p.path}">\n'
        f'<meta property="article:published_time" content="{p.date.isoformat()}" />\n'
        f'<link rel="canonical" href="{base}{p.path}" />\n'
    )
    body = (
        f"<small>(GMT+8, Asia/Shanghai, CST) {p.date:%Y-%m-%d %H:%M:%S}</small>\n"
        f"<h1>{html.escape(p.title)}</h1>\n\n{content}\n\n"
        f"  <small>tags: <em>{html.escape(p.tag)}</em></small>\n"
    )
    return _finews_page(p.title, head, body)


def finews_listing_html(tag: str, posts: list[SitePost]) -> str:
    """An outlet page `/category/<slug>.html` as `_layouts/category.html` builds it."""
    items = "".join(f'    <li><a href="{p.path}">{html.escape(p.title)}</a></li>\n' for p in posts)
    content = f'<h2 id="{html.escape(tag)}">{html.escape(tag)}</h2>\n<ul>\n{items}</ul>\n'
    return _finews_page(tag, "", content)
