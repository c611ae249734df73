"""The XSS payload corpus and a checker for "nothing executable" in a rendered page."""

from __future__ import annotations

import re

import lxml.etree
import lxml.html

#: Payload families; every payload runs through every field of every entry point.
PAYLOADS: dict[str, list[str]] = {
    "script tags": [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        '"><script>alert(1)</script>',
        "</textarea><script>alert(1)</script>",
        "</title><script>alert(1)</script>",
    ],
    "event handlers": [
        "<img src=x onerror=alert(1)>",
        '<p onclick="alert(1)">نص</p>',
        "<body onload=alert(1)>",
        '<a href="#" onmouseover="alert(1)">x</a>',
        "<details open ontoggle=alert(1)>",
        '" autofocus onfocus="alert(1)',
    ],
    "javascript and data URLs": [
        '<a href="javascript:alert(1)">رابط</a>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href=" javascript:alert(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
        '<iframe src="javascript:alert(1)"></iframe>',
        '<a href="vbscript:msgbox(1)">x</a>',
        "javascript:alert(1)",
    ],
    "SVG and MathML": [
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
        '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction>',
        "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    ],
    "style and CSS": [
        '<p style="background:url(javascript:alert(1))">x</p>',
        "<style>@import 'javascript:alert(1)';</style>",
        '<div style="width: expression(alert(1))">x</div>',
        '<link rel="stylesheet" href="javascript:alert(1)">',
    ],
    "mutation XSS": [
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
        '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style>",
        "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
        '<!--<img src="--><img src=x onerror=alert(1)//">',
        '<xmp><p title="</xmp><img src=x onerror=alert(1)>">',
    ],
    "entity-encoded": [
        '<a href="&#106;avascript:alert(1)">x</a>',
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;:alert(1)">x</a>',
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&#60;img src=x onerror=alert(1)&#62;",
        "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    ],
    "inside Arabic text": [
        "<p>قال لافروف <img src=x onerror=alert(1)> اليوم في موسكو</p>",
        "الأمم المتحدة <script>alert(1)</script> نيويورك",
        'غوتيريش <a href="javascript:alert(1)">الأمين العام</a>',
        "تاس\u202e<svg onload=alert(1)>",
    ],
    "template and JSON-LD breakouts": [
        "{{ request.user }}{% debug %}",
        '</script><script>alert(1)</script>{"@type":"x"}',
        "\u2028\u2029</script>",
    ],
}

ALL_PAYLOADS = [payload for family in PAYLOADS.values() for payload in family]

#: Elements that never belong on a public page (the site renders none of them).
FORBIDDEN_TAGS = {
    "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "base",
    "xmp", "noscript", "template", "maction", "animate", "mglyph", "style",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data):", re.IGNORECASE)


def _scheme_of(value: str) -> str:
    # Browsers ignore tabs and newlines inside a URL's scheme.
    return re.sub(r"[\x00-\x20]", "", value)


def _our_read_beacon(element) -> bool:
    """The article page's own ``<noscript>``: the most-read counter's image for readers
    without JavaScript (``articles/mostread.py``), exactly one image of ours and nothing else."""
    if element.tag.lower() != "noscript" or (element.text or "").strip():
        return False
    children = list(element)
    return (
        len(children) == 1
        and children[0].tag == "img"
        and children[0].get("class") == "read-beacon"
        and re.fullmatch(r"/(ar|ru|en)/read/\d+/", children[0].get("src") or "") is not None
        and not (children[0].tail or "").strip()
        and set(children[0].attrib) <= {"class", "src", "alt", "width", "height"}
    )


def executable_bits(html: str, *, static_prefix: str = "/static/") -> list[str]:
    """What in ``html`` a browser could execute: scripts, handlers, script URLs, active tags."""
    found = []
    document = lxml.html.document_fromstring(html)
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag in FORBIDDEN_TAGS and not _our_read_beacon(element):
            found.append(f"<{tag}>")
        if tag == "script":
            kind = (element.get("type") or "").lower()
            if kind == "application/ld+json":
                if "<" in (element.text or ""):
                    found.append("markup inside JSON-LD")
            elif not (element.get("src") or "").startswith(static_prefix) or element.text:
                found.append(f"script {element.get('src') or (element.text or '')[:40]!r}")
        if tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            found.append("meta refresh")
        if tag == "link" and BAD_SCHEME.match(_scheme_of(element.get("href") or "")):
            found.append("link to a script URL")
        for name, value in element.attrib.items():
            name = name.lower()
            if name.startswith("on"):
                found.append(f"{tag}[{name}]")
            if name in URL_ATTRIBUTES and BAD_SCHEME.match(_scheme_of(value)):
                # data: images are harmless; none of our pages has one anyway.
                found.append(f"{tag}[{name}]={value[:40]!r}")
            if name == "style" and re.search(r"url\(|expression|javascript", value, re.I):
                found.append(f"{tag}[style]")
    return found


def feed_bits(xml: bytes) -> list[str]:
    """Executable bits in a feed: its XML must parse, and its HTML fields are checked as HTML."""
    root = lxml.etree.fromstring(xml)
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        local = lxml.etree.QName(element).localname
        # Titles are plain text (escaped once); these fields hold HTML.
        if local in {"description", "summary", "content"} and element.text:
            found += executable_bits(f"<div>{element.text}</div>")
    return found
