"""The frame of every page of the web edition: lang, title, the one style sheet (screen and print), skip link."""

from __future__ import annotations

import html

from reportgen.document import Document

FONTS = "'BIZ UDPGothic', 'BIZ UDPゴシック', 'BIZ UDGothic', 'Noto Sans CJK JP', 'Noto Sans JP', 'Hiragino Sans', 'Yu Gothic', sans-serif"
STYLE = f"""
:root {{ color: #1a1a1a; background: #ffffff; }}
body {{ font-family: {FONTS}; line-height: 1.7; margin: 0 auto; padding: 0 1rem 3rem; max-width: 64rem; }}
a {{ color: #0b4f9c; }}
a:focus, .scroll:focus, summary:focus {{ outline: 3px solid #b35900; outline-offset: 2px; }}
.skip {{ position: absolute; left: -999px; }}
.skip:focus {{ position: static; }}
.vh {{ position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }}
h1 {{ font-size: 1.6rem; margin-top: 1.5rem; }}
h2 {{ font-size: 1.35rem; border-bottom: 2px solid #1f4e79; margin-top: 2.5rem; }}
h3 {{ font-size: 1.2rem; margin-top: 2rem; }}
h4, h5 {{ font-size: 1.05rem; margin-top: 1.5rem; }}
.subtitle {{ font-size: 1.2rem; }}
.label, .marker {{ font-weight: bold; margin-bottom: 0.2rem; }}
.indicator {{ margin-left: 1.5rem; }}
.note {{ padding-left: 2.5em; text-indent: -2.5em; margin: 0.3rem 0; }}
.note-detail {{ padding-left: 2.5em; margin: 0.3rem 0; }}
.placeholder {{ border: 2px dashed #9c3d00; padding: 0.5rem; }}
.scroll {{ overflow-x: auto; margin: 1rem 0; }}
table {{ border-collapse: collapse; font-size: 0.9rem; }}
table.print {{ width: 100%; }}
caption {{ text-align: left; font-weight: bold; padding: 0.3rem 0; }}
th, td {{ border: 1px solid #595959; padding: 0.2rem 0.4rem; vertical-align: top; }}
thead th, th.group {{ background: #e8eef5; }}
table.ward thead th {{ word-break: keep-all; }}
table.ward tbody td:nth-child(4) {{ white-space: normal; min-width: 4em; }}
td {{ text-align: right; white-space: nowrap; }}
td.word {{ text-align: left; white-space: normal; }}
td.text {{ text-align: left; white-space: normal; min-width: 16em; }}
table.print th[scope=row] {{ text-align: left; font-weight: normal; min-width: 6em; }}
figure.chart {{ margin: 1.5rem 0; }}
figcaption {{ font-weight: bold; }}
.svg {{ max-width: 100%; }}
.svg svg {{ width: 100%; height: auto; }}
.toc ol {{ padding-left: 1.5rem; list-style: none; }}
.wards {{ columns: 12rem; }}
@media print {{
  @page {{ size: A4; margin: 15mm; }}
  body {{ max-width: none; padding: 0; font-size: 10pt; }}
  .skip, .toc {{ display: none; }}
  a {{ color: inherit; text-decoration: none; }}
  .scroll {{ overflow: visible; }}
  thead {{ display: table-header-group; }}
  tr, figure, .svg {{ break-inside: avoid; }}
  .svg {{ width: auto !important; }}
  h1, h2, h3, h4, h5 {{ break-after: avoid; }}
  h2 {{ break-before: auto; }}
}}
""".strip()


def page(document: Document, title: str, main: str, top: str = "") -> str:
    """A whole page: ``main`` (already escaped HTML) in the frame, titled ``title``; ``top`` links back to the index."""
    language = document.language.split("-")[0] or "ja"
    back = f'<p><a href="{html.escape(top, quote=True)}">{html.escape(document.words.back)}</a></p>' if top else ""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(language, quote=True)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head>"
        f'<body><a class="skip" href="#main">{html.escape(document.words.skip)}</a>{back}<main id="main">{main}</main></body></html>\n'
    )
