"""The report's text as a reader sees it: French spacing, and the visible text pulled out of the HTML.

- :func:`french_spacing` puts a no-break space before ``:`` ``;`` ``?`` ``!`` in the text (and the
  ``alt`` texts) of a French page, as French typography asks, without touching tags, styles or times.
- :func:`visible_text` returns the text a reader sees (no script or style) and, apart, the images'
  ``alt`` texts, for tests and checks (``html.parser`` of the standard library).

>>> french_spacing("<p title='a:b'>Score : 5; ok?</p><style>a:b{}</style>")
"<p title='a:b'>Score\\xa0: 5\\xa0; ok\\xa0?</p><style>a:b{}</style>"
>>> french_spacing("<td>&lt; 0,001 ; l&#x27;eau</td>")
'<td>&lt; 0,001\xa0; l&#x27;eau</td>'
>>> visible_text("<p>Hi <img alt='logo'></p><script>x=1</script>")
('Hi ', ['logo'])
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["french_spacing", "visible_text"]

NBSP = "\u00a0"
_PUNCT = re.compile(r"[ \u00a0\u202f]*([:;?!])(?=[\s)»<]|$)")


def _space(text: str) -> str:
    """No-break space before the marks of ``text``; character references (``&lt;``) are left whole."""
    parts = re.split(r"(&#?\w+;)", text)
    return "".join(p if p.startswith("&") and p.endswith(";") else _PUNCT.sub(lambda m: NBSP + m.group(1), p)
                   for p in parts)


def french_spacing(html: str) -> str:
    """``html`` with a no-break space before ``: ; ? !`` in text nodes and alt texts (not in tags,
    ``<style>``/``<script>``, times such as 10:30 or URLs)."""
    out = []
    for part in re.split(r"(<style.*?</style>|<script.*?</script>|<[^>]+>)", html, flags=re.S):
        if not part:
            continue
        if part.startswith("<"):
            if part.startswith("<img"):
                part = re.sub(r'alt="([^"]*)"', lambda m: 'alt="' + _space(m.group(1)) + '"', part)
            out.append(part)
        else:
            out.append(_space(part))
    return "".join(out)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.alts, self._skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "title"):
            self._skip += 1
        if tag == "img":
            self.alts.append(dict(attrs).get("alt") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "title") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> tuple[str, list[str]]:
    """``(text, alt texts)`` of a page: what a reader sees, and the images' text alternatives."""
    p = _Text()
    p.feed(html)
    p.close()
    return "".join(p.parts), p.alts
