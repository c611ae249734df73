"""Template helpers for the public site: dates, languages, bidi, photos, machine-readable data."""

import html
import json
import re
from datetime import datetime

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import timezone, translation
from django.utils.html import escape, format_html, strip_tags
from django.utils.safestring import mark_safe

from articles import front, search
from articles.images import CROPS, srcset
from articles.models import LANGUAGE_CODES, Byline, public_flag
from newsroom.dates import date_display, digits, hijri_display
from newsroom.i18n import reverse_in

register = template.Library()

#: How each language is named in the switcher: by its own name, in that language.
SWITCHER_LABELS = {"ar": "العربية", "ru": "Русский", "en": "English"}
#: Open Graph locales for our languages.
OG_LOCALES = {"ar": "ar_AR", "ru": "ru_RU", "en": "en_GB"}

#: A run of Latin letters and digits (with the punctuation inside names and numbers).
LATIN_RUN = re.compile(
    r"[A-Za-z0-9\u00c0-\u024f][A-Za-z0-9\u00c0-\u024f .,'’/-]*[A-Za-z0-9\u00c0-\u024f]|[A-Za-z0-9]"
)
#: Tags and character references, which the Latin-run pattern must leave alone.
TAG_SPLIT = re.compile(r"(<[^>]*>|&#?\w+;)")


register.filter("newsdate", date_display)
register.filter("hijridate", hijri_display)
# Safe in, safe out: only digits change, never markup.
register.filter("digits", digits, is_safe=True)


@register.filter
def machine_time(value) -> str:
    """A moment as HTML's ``datetime`` attribute takes it: ISO 8601 to the second."""
    return timezone.localtime(value).replace(microsecond=0).isoformat() if value else ""


@register.simple_tag
def section_navigation():
    """The sections for the header menu, in the active language (one query)."""
    return front.section_navigation()


@register.simple_tag
def breaking_news():
    """The breaking-news banner shown now in the active language, if any (one query)."""
    return front.breaking_news(timezone.now())


def _page_languages(obj) -> list[str]:
    """The languages a page exists in: an article's translations, where a subject is public."""
    if not obj:  # a page about no object: home, search
        return list(LANGUAGE_CODES)
    if hasattr(obj, "translated_languages"):
        return obj.translated_languages()
    # Subjects come annotated by SubjectQuerySet.with_public_languages().
    return [code for code in LANGUAGE_CODES if getattr(obj, public_flag(code))]


def _language_link(request, code: str, url: str) -> dict:
    info = translation.get_language_info(code)
    return {
        "code": code,
        "label": SWITCHER_LABELS.get(code, info["name_local"]),
        "dir": "rtl" if info["bidi"] else "ltr",
        "url": url,
        "absolute_url": request.build_absolute_uri(url),
        "current": code == translation.get_language(),
        "og_locale": OG_LOCALES.get(code, code),
    }


@register.simple_tag(takes_context=True)
def page_languages(context, obj=None) -> list[dict]:
    """This page in each language it really exists in, for the switcher and hreflang links.

    An error page exists in no language of its own: it offers each language's
    home page. A staff preview offers the previews of the languages with text.
    """
    request = context["request"]
    if "request_path" in context:  # Django's 404 page
        return [
            _language_link(request, code, reverse_in(code, "articles:home"))
            for code in LANGUAGE_CODES
        ]
    if "preview_languages" in context:
        return [
            _language_link(request, code, reverse_in(code, "articles:preview", pk=obj.pk))
            for code in context["preview_languages"]
        ]
    query = request.GET.urlencode()
    links = []
    for code in _page_languages(obj):
        if obj:
            url = obj.get_absolute_url(code)
        else:
            url = translate_url(request.path, code) + (f"?{query}" if query else "")
        links.append(_language_link(request, code, url))
    return links


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """This page's absolute address, with its query string re-encoded (pages, search)."""
    request = context["request"]
    query = request.GET.urlencode()
    return request.build_absolute_uri(request.path) + (f"?{query}" if query else "")


@register.simple_tag
def x_default(links: list[dict]) -> str:
    """The hreflang x-default address: the page in the default language, else the first one."""
    for link in links:
        if link["code"] == settings.LANGUAGE_CODE:
            return link["absolute_url"]
    return links[0]["absolute_url"] if links else ""


@register.filter(needs_autoescape=True)
def isolate_latin(value, autoescape=True):
    """On Arabic pages, wrap Latin names and numbers in ``<bdi>`` so they keep their order.

    Works on plain text (escaped first) and on sanitised HTML (text between tags only).
    """
    if not value:
        return ""
    is_html = hasattr(value, "__html__")
    text = str(value) if is_html or not autoescape else escape(value)
    if translation.get_language_bidi():
        parts = TAG_SPLIT.split(text)
        text = "".join(
            part if part[:1] in ("<", "&") else LATIN_RUN.sub(r"<bdi>\g<0></bdi>", part)
            for part in parts
        )
    return mark_safe(text)  # noqa: S308 - escaped above or already sanitised HTML


@register.filter
def plain_text(value) -> str:
    """Sanitised HTML as the text a reader sees (tags dropped, character references read)."""
    return html.unescape(strip_tags(value or ""))


@register.filter
def highlight(text, query):
    """``text`` with the words of the search ``query`` marked."""
    return search.highlight(text, query)


@register.simple_tag
def picture(photo, sizes="100vw", loading="lazy"):
    """A responsive ``<picture>``: WebP and JPEG renditions, sized, with alt text.

    Built in Python rather than an included template (as Wagtail's ``{% image %}``
    does): a list page shows dozens of photos, and an include per photo was a
    large share of the page's rendering time.
    """
    renditions = [r for r in photo.renditions.all() if not r.crop]
    jpegs = [r for r in renditions if r.format == "jpeg"]
    webp_srcset, jpeg_srcset = srcset(renditions, "webp"), srcset(renditions, "jpeg")
    source = (
        format_html('\n  <source type="image/webp" srcset="{}" sizes="{}">', webp_srcset, sizes)
        if webp_srcset
        else ""
    )
    img_srcset = format_html(' srcset="{}" sizes="{}"', jpeg_srcset, sizes) if jpeg_srcset else ""
    return format_html(
        '<picture>{}\n  <img src="{}"{} width="{}" height="{}" alt="{}" loading="{}"'
        ' decoding="async">\n</picture>',
        source,
        jpegs[-1].file.url if jpegs else photo.image.url,
        img_srcset,
        photo.width,
        photo.height,
        photo.alt_text,
        loading,
    )


#: The ``sizes`` of a teaser's photo: a thumbnail beside the text on wide screens.
TEASER_PHOTO_SIZES = "(min-width: 40rem) 12rem, 100vw"


@register.simple_tag
def teaser(article, heading_level=2, query=""):
    """An article's teaser on a list page: photo, linked title, date, standfirst.

    Built in Python: list pages show twenty to fifty teasers, and as an
    included template they were most of the page's rendering time. With a
    ``query`` (search results), the query's words are marked in the text.
    """

    def text(value):
        return highlight(value, query) if query else isolate_latin(value)

    photo = article.lead_photo
    published = article.published_at
    return format_html(
        '<article class="teaser">\n  {}\n  <div class="teaser-text">\n'
        '    <h{} class="teaser-title"><a href="{}">{}</a></h{}>\n    {}\n    {}\n'
        "  </div>\n</article>",
        format_html('<div class="teaser-photo">{}</div>', picture(photo, sizes=TEASER_PHOTO_SIZES))
        if photo
        else "",
        int(heading_level),
        article.get_absolute_url(),
        text(article.title),
        int(heading_level),
        format_html(
            '<p class="meta"><time datetime="{}">{}</time></p>',
            machine_time(published),
            date_display(published),
        )
        if published
        else "",
        format_html('<p class="standfirst">{}</p>', text(article.standfirst))
        if article.standfirst
        else "",
    )


def largest_jpeg(photo):
    """The largest JPEG rendition of a photo (or the original image)."""
    jpegs = [r for r in photo.renditions.all() if r.format == "jpeg" and not r.crop]
    if jpegs:
        return jpegs[-1].file.url, jpegs[-1].width, jpegs[-1].height
    return photo.image.url, photo.width, photo.height


def jsonld_images(photo) -> list[tuple[str, int, int]]:
    """The photo at 16:9, 4:3 and 1:1 (its crops, ``articles.images.CROPS``), as search
    engines ask; the largest whole picture for a photo whose crops are not made yet."""
    crops = {r.crop: r for r in photo.renditions.all() if r.crop}
    if not crops:
        return [largest_jpeg(photo)]
    return [(r.file.url, r.width, r.height) for name in CROPS if (r := crops.get(name))]


@register.simple_tag(takes_context=True)
def share_image(context, photo) -> dict:
    """The absolute URL and size of the image that represents a page when it is shared."""
    url, width, height = largest_jpeg(photo)
    return {"url": context["request"].build_absolute_uri(url), "width": width, "height": height}


@register.simple_tag(takes_context=True)
def article_jsonld(context, article) -> str:
    """schema.org NewsArticle data for an article, as a safe JSON-LD script element."""
    request = context["request"]
    language = translation.get_language()
    # A draft seen in the staff preview has no publication date yet.
    published = article.published_at or article.updated_at
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "inLanguage": language,
        "url": request.build_absolute_uri(article.get_absolute_url(language)),
        "mainEntityOfPage": request.build_absolute_uri(article.get_absolute_url(language)),
        "datePublished": published.isoformat(),
        "dateModified": max(article.updated_at, published).isoformat(),
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": translation.gettext("Newsroom"),
            "url": request.build_absolute_uri("/"),
        },
    }
    if article.standfirst:
        data["description"] = article.standfirst
    if article.lead_photo:
        data["image"] = [
            {
                "@type": "ImageObject",
                "url": request.build_absolute_uri(url),
                "width": width,
                "height": height,
            }
            for url, width, height in jsonld_images(article.lead_photo)
        ]
    if article.section and article.section.name:
        data["articleSection"] = article.section.name
    people = [p.name for p in article.people.all() if p.name]
    if people:
        data["about"] = [{"@type": "Person", "name": name} for name in people]
    if article.source and article.source.name:
        # Agency copy: the agency is the author Google asks for.
        source = {"@type": "Organization", "name": article.source.name}
        if article.source.website:
            source["url"] = article.source.website
        data["author"] = source
        data["sourceOrganization"] = source
    data.update(bylines_jsonld(request, credited_bylines(article)))
    data.update(notes_jsonld(article_notes(article), data["dateModified"]))
    text = json.dumps(data, ensure_ascii=False)
    # Nothing in the data may close the script element or start markup.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


# --- Bylines and notes (updates, clarifications, corrections) ------------------------------


@register.simple_tag
def credited_bylines(article) -> list:
    """The article's bylines shown in the active language, in order: named there, and a
    translator only on the version they translated. Reads the prefetched bylines."""
    language = translation.get_language()
    return [
        byline
        for byline in article.bylines.all()
        if byline.credited_in(language) and byline.person.name
    ]


@register.simple_tag
def article_notes(article) -> list:
    """The article's notes written in the active language and due, newest first (prefetched)."""
    now = timezone.now()
    return [note for note in article.notes.all() if note.text and note.noted_at <= now]


def _person_jsonld(request, person) -> dict:
    url = reverse_in(translation.get_language(), "people:author", slug=person.slug)
    return {"@type": "Person", "name": person.name, "url": request.build_absolute_uri(url)}


def bylines_jsonld(request, bylines) -> dict:
    """schema.org ``author``, ``editor``, ``contributor`` and ``translator`` of an article from
    its bylines, each a Person with the URL of their author page."""
    properties = {
        Byline.Role.WRITER: "author",
        Byline.Role.EDITOR: "editor",
        Byline.Role.PHOTOGRAPHER: "contributor",
        Byline.Role.TRANSLATOR: "translator",
    }
    data: dict[str, list] = {}
    for byline in bylines:
        data.setdefault(properties[byline.role], []).append(_person_jsonld(request, byline.person))
    return data


def notes_jsonld(notes, modified: str) -> dict:
    """``dateModified`` (the latest of the article's and its notes') and the corrections and
    clarifications as schema.org ``correction`` (CorrectionComment)."""
    if not notes:
        return {}
    latest = max(datetime.fromisoformat(modified), *(note.noted_at for note in notes))
    data = {"dateModified": latest.isoformat()}
    corrections = [
        {
            "@type": "CorrectionComment",
            "text": note.text,
            "datePublished": note.noted_at.isoformat(),
        }
        for note in notes
        if note.kind in note.CORRECTING
    ]
    if corrections:
        data["correction"] = corrections
    return data


def _jsonld_script(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False)
    # Nothing in the data may close the script element or start markup.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


@register.simple_tag(takes_context=True)
def author_jsonld(context, author) -> str:
    """schema.org Person data for an author page, as a safe JSON-LD script element."""
    request = context["request"]
    data = {
        "@context": "https://schema.org",
        **_person_jsonld(request, author),
        "mainEntityOfPage": request.build_absolute_uri(author.get_absolute_url()),
    }
    if author.role:
        data["jobTitle"] = author.role
    if author.bio:
        data["description"] = strip_tags(author.bio).strip()
    return _jsonld_script(data)
