"""finews post -> Article. Pure: no I/O except `parse_file` reading its file.

Public API (used by ingest, summarizer, CLI):

- `parse_post(text, *, filename=None, seen_at=None) -> Article`: a Jekyll file's text.
- `parse_file(path) -> Article`: the same, reading the file (UTF-8/BOM, GB18030).
- `decode_post(data) -> str`: a post file's bytes as `parse_file` reads them.
- `build_article(meta, body, *, filename=None, url=None, seen_at=None) -> Article`:
  for feed entries and rendered pages (meta keys as in front matter: title, date,
  categories, tags; body HTML or Markdown).
- `ParseError`: the input is not a usable post; `str(exc)` is the reason to log.

Decisions (see the modules for the why):

- id: `bot.parser.ids` (infoCode / Eastmoney numeric id / wscn<n> / 36kr<n> from the
  original link, else the Jekyll slug of the file name or page URL).
- published_at: front matter `date` (naive = +08:00) -> date in the file name
  (00:00 +08:00) -> `seen_at` -> now. Always timezone-aware.
- Empty title: the first sentence of the body becomes the title (a flash post's body
  is its headline); a post with neither title nor text raises ParseError.
- No front matter at all, empty file, or binary junk (>1% control/invalid chars):
  ParseError. A blank line/BOM before `---`, CRLF, or YAML broken by a stray quote
  are tolerated.
- Missing categories/tags: slug from the outlet name, or `unknown`/`未知来源`.
- Paragraphs keep the article's text only: hidden elements, images and captions, chart
  blocks, ads, back-links, the original-link footer, bylines/picture credits, publisher
  promos and a trailing "延伸阅读" list are dropped; `（文章来源：X）` goes to `origin`.
- Tickers: `bot.parser.tickers` (markup first, then codes written in the text); a
  stock link on a word the text does not use as the company (`人形机器人` -> 300024.SZ)
  is no ticker (`bot.parser.autolinks`). Subjects vs mentions: `bot.parser.roles`;
  a title naming one directory company with no link carries it (`bot.parser.named`).
  `stock_names` maps tickers, and such linked stocks too, to names from stock links,
  or from `NAME（CODE）` text, and subjects otherwise unnamed to the directory's name.
"""

from bot.parser.post import ParseError, build_article, decode_post, parse_file, parse_post

__all__ = ["ParseError", "build_article", "decode_post", "parse_file", "parse_post"]
