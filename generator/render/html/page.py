"""The portfolio page (``portfolio_<Q>.html``) from a portfolio view.

One self-contained file that works offline: its style and script are inline,
its charts inline SVG, and its Content-Security-Policy forbids loading
anything else. The table sorts by any column when its header is clicked (a
second click reverses); each cell carries the value it sorts by
(``data-sort``). Every text is escaped.
"""

from __future__ import annotations

import datetime as dt
from html import escape

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"
COLOURS = {"green": ("#D5EFDD", "#1B6B3A"), "amber": ("#FCE8BF", "#8A5300"),
           "red": ("#F8D3D0", "#A1251B"), "grey": ("#E4E8ED", "#46525E"),
           "blue": ("#D6E6F5", "#17497A")}
NUMERIC = {"score", "change", "days", "value", "overdue", "off_track", "fresh_days",
           "documents"}

STYLE = """
body{font-family:"Noto Sans",Arial,sans-serif;margin:24px;color:#1d2733;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
p.sub{margin:0 0 16px;color:#46525e}
.charts{display:flex;flex-wrap:wrap;gap:24px}
figure{margin:0;border:1px solid #d0d7de;padding:12px;border-radius:4px}
figcaption{font-weight:bold;margin-bottom:6px}
table{border-collapse:collapse;font-size:13px}
th,td{border:1px solid #d0d7de;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#1f3a5f;color:#fff;position:sticky;top:0}
th button{all:unset;cursor:pointer;display:block;width:100%}
th[aria-sort=ascending] button::after{content:" \\25B2"}
th[aria-sort=descending] button::after{content:" \\25BC"}
td.num{text-align:right;white-space:nowrap}
.wrap{overflow-x:auto}
""" + "".join(f".s-{name}{{background:{fill};color:{ink}}}"
              for name, (fill, ink) in COLOURS.items())

SCRIPT = """
(function(){
  var table=document.getElementById('portfolio');
  var heads=table.tHead.rows[0].cells;
  function key(cell,numeric){
    var v=cell.getAttribute('data-sort');
    if(v===null||v===''){return null;}
    return numeric?parseFloat(v):v.toLocaleLowerCase();
  }
  function sort(n){
    var th=heads[n], numeric=th.getAttribute('data-type')==='number';
    var dir=th.getAttribute('aria-sort')==='ascending'?-1:1;
    for(var i=0;i<heads.length;i++){heads[i].removeAttribute('aria-sort');}
    th.setAttribute('aria-sort',dir===1?'ascending':'descending');
    var body=table.tBodies[0], rows=Array.prototype.slice.call(body.rows);
    rows.sort(function(a,b){
      var x=key(a.cells[n],numeric), y=key(b.cells[n],numeric);
      if(x===null&&y===null){return 0;} if(x===null){return 1;} if(y===null){return -1;}
      return (x<y?-1:x>y?1:0)*dir;
    });
    rows.forEach(function(r){body.appendChild(r);});
  }
  for(var i=0;i<heads.length;i++){
    (function(n){heads[n].querySelector('button').addEventListener('click',
      function(){sort(n);});})(i);
  }
})();
"""


def _e(text) -> str:
    return escape(str(text), quote=True)


def _sort_value(key: str, raw) -> str:
    if raw is None:
        return ""
    if isinstance(raw, dt.date):
        return raw.isoformat()
    if key == "documents":
        return str(len(raw.split(", "))) if raw else "0"
    return str(raw)


def write(view) -> bytes:
    """The page of ``view`` (a :class:`generator.documents.portfolio.View`), UTF-8."""
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(view.language)}"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(view.title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{_e(view.title)}</h1><p class=\"sub\">{_e(view.subtitle)}</p>",
        '<div class="charts">',
        _figure("bands", view.bands_title, bars(view.bands_title, view.bands, horizontal=True)),
        _figure("renewals", view.renewals_title, bars(view.renewals_title, view.renewals)),
        "</div>",
        '<div class="wrap"><table id="portfolio"><thead><tr>',
    ]
    for key, header in zip(view.keys, view.headers, strict=True):
        kind = "number" if key in NUMERIC else "text"
        out.append(f'<th data-key="{key}" data-type="{kind}" scope="col">'
                   f'<button type="button">{_e(header)}</button></th>')
    out.append("</tr></thead><tbody>")
    for row in view.rows:
        out.append("<tr>")
        for key, cell in zip(view.keys, row, strict=True):
            classes = [c for c in ("num" if key in NUMERIC else "",
                                   f"s-{cell.status}" if cell.status else "") if c]
            attrs = f' data-sort="{_e(_sort_value(key, cell.raw))}"'
            if classes:
                attrs += f' class="{" ".join(classes)}"'
            if cell.note:
                attrs += f' title="{_e(cell.note)}"'
            out.append(f"<td{attrs}>{_e(cell.text)}</td>")
        out.append("</tr>")
    out.append("</tbody></table></div>")
    out.append(f"<h2>{_e(view.calendar_title)}</h2><p>")
    out.append(" ".join(f'<span class="{"s-" + item.status if item.status else ""}" '
                        f'style="padding:2px 6px;border:1px solid #d0d7de">{_e(item.text)}</span>'
                        for item in view.legend))
    out.append('</p><div class="wrap"><table id="calendar"><thead><tr>'
               f'<th scope="col">{_e(view.headers[0])}</th>')
    out += [f'<th scope="col">{_e(month)}</th>' for month in view.months]
    out.append("</tr></thead><tbody>")
    for name, cells in view.calendar:
        out.append(f'<tr><th scope="row" style="position:static;background:#f3f5f7;'
                   f'color:#1d2733">{_e(name)}</th>')
        for cell in cells:
            attrs = f' class="s-{cell.status}"' if cell.status else ""
            if cell.note:
                attrs += f' title="{_e(cell.note)}"'
            out.append(f"<td{attrs}>{_e(cell.text)}</td>")
        out.append("</tr>")
    out.append(f"</tbody></table></div><script>{SCRIPT}</script></body></html>\n")
    return "".join(out).encode("utf-8")


def _figure(name: str, caption: str, svg: str) -> str:
    return (f'<figure id="chart-{name}"><figcaption>{_e(caption)}</figcaption>{svg}'
            "</figure>")


def bars(title: str, items, horizontal: bool = False) -> str:
    """An inline SVG bar chart of ``items`` (label, count, status, note): bars across
    (``horizontal``) or columns; each bar is a ``<g class="bar">`` with its label and
    count in ``data-`` attributes and in text."""
    top = max((item.count for item in items), default=0) or 1
    parts = []
    if horizontal:
        width, row, label_w, bar_w = 420, 30, 150, 220
        height = row * len(items) + 10
        for n, item in enumerate(items):
            y = 5 + n * row
            size = bar_w * item.count / top
            fill = COLOURS.get(item.status or "blue", COLOURS["blue"])[1]
            parts.append(
                f'<g class="bar" data-label="{_e(item.label)}" data-count="{item.count}">'
                f'<text x="{label_w - 8}" y="{y + 18}" text-anchor="end">{_e(item.label)}</text>'
                f'<rect x="{label_w}" y="{y + 4}" width="{size:.1f}" height="{row - 10}" '
                f'fill="{fill}"><title>{_e(item.label)}: {item.count}</title></rect>'
                f'<text x="{label_w + size + 6:.1f}" y="{y + 18}">{item.count}</text></g>')
    else:
        col, base, chart_h = 52, 170, 130
        width = col * len(items) + 20
        height = base + 40
        for n, item in enumerate(items):
            x = 10 + n * col
            size = chart_h * item.count / top
            note = f"{item.label}: {item.count}" + (f" ({item.note})" if item.note else "")
            parts.append(
                f'<g class="bar" data-label="{_e(item.label)}" data-count="{item.count}">'
                f'<rect x="{x + 6}" y="{base - size:.1f}" width="{col - 12}" '
                f'height="{size:.1f}" fill="{COLOURS["blue"][1]}"><title>{_e(note)}</title>'
                f'</rect><text x="{x + col / 2}" y="{base - size - 4:.1f}" '
                f'text-anchor="middle">{item.count}</text>'
                f'<text x="{x + col / 2}" y="{base + 16}" text-anchor="middle" '
                f'font-size="11">{_e(item.label)}</text>'
                + (f'<text x="{x + col / 2}" y="{base + 30}" text-anchor="middle" '
                   f'font-size="11">{_e(item.sub)}</text>' if item.sub else "")
                + "</g>")
        parts.insert(0, f'<line x1="10" y1="{base}" x2="{width - 10}" y2="{base}" '
                        'stroke="#46525e"/>')
    return (f'<svg role="img" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" font-size="13" '
            f'aria-label="{_e(title)}"><title>{_e(title)}</title>{"".join(parts)}</svg>')
