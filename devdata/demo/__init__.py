"""Demo content: the seed article with its people, organisations, source and photo.

The Arabic text comes verbatim from the seed file beside this module; the
Russian and English translations are ours. ``load_demo()`` is idempotent: a
second run finds every row as it should be and writes nothing. The article is
credited to the system account, with a first revision saying where it came from.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import reversion
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext
from reversion.models import Version

from articles.front import breaking_news_save
from articles.images import photo_save
from articles.models import (
    Article,
    BreakingNews,
    Photo,
    PhotoCredit,
    RevisionNote,
    Section,
    Source,
    Tag,
)
from articles.richtext import sanitize_body
from articles.workflow import article_save
from devdata.demo.stories import load_stories
from newsroom.content import content_save
from newsroom.roles import system_user
from people.models import Organisation, Person

SEED_FILE = Path(__file__).with_name("000_572bf32023a8ff93.txt")
PHOTO_NAME = "photos/demo/lavrov-guterres.jpg"


@dataclass(frozen=True)
class SeedArticle:
    """The parts of the seed article as the site stores them."""

    title: str
    date: str
    paragraphs: list[str]
    section_line: str
    photo_credit: str
    source: str


def parse_seed(path: Path = SEED_FILE) -> SeedArticle:
    """Split the seed text into title, date, paragraphs and its credit lines."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]  # blank and no-break-space-only lines
    if lines[0] != "Ru En":
        raise ValueError("The seed must start with its language switcher line.")
    title, date, *rest = lines[1:]
    *paragraphs, section_line, photo_line, source_line = rest
    photo_prefix, source_prefix = "الصورة: ", "المصدر: "
    if not (photo_line.startswith(photo_prefix) and source_line.startswith(source_prefix)):
        raise ValueError("The seed must end with its photo credit and source lines.")
    return SeedArticle(
        title=title,
        date=date,
        paragraphs=paragraphs,
        section_line=section_line,
        photo_credit=photo_line.removeprefix(photo_prefix),
        source=source_line.removeprefix(source_prefix),
    )


ORGANISATIONS = {
    "united-nations": {
        "kind": Organisation.Kind.INTERGOVERNMENTAL,
        "website": "https://www.un.org/",
        "name_ar": "الأمم المتحدة",
        "name_ru": "Организация Объединённых Наций",
        "name_en": "United Nations",
        "short_name_ar": "الأمم المتحدة",
        "short_name_ru": "ООН",
        "short_name_en": "UN",
        "description_ar": "منظمة دولية تأسست عام 1945 وتضم 193 دولة عضوا.",
        "description_ru": (
            "Международная организация, основанная в 1945 году; 193 государства-члена."
        ),
        "description_en": "An international organisation founded in 1945, with 193 member states.",
    },
    "russian-mfa": {
        "kind": Organisation.Kind.GOVERNMENT,
        "website": "https://mid.ru/",
        "name_ar": "وزارة الخارجية الروسية",
        "name_ru": "Министерство иностранных дел Российской Федерации",
        "name_en": "Ministry of Foreign Affairs of the Russian Federation",
        "short_name_ar": "الخارجية الروسية",
        "short_name_ru": "МИД России",
        "short_name_en": "Russian MFA",
        "description_ar": "الوزارة المسؤولة عن السياسة الخارجية لروسيا الاتحادية.",
        "description_ru": "Федеральное министерство, ведающее внешней политикой России.",
        "description_en": "The federal ministry in charge of Russia's foreign policy.",
    },
    "tass": {
        "kind": Organisation.Kind.NEWS_AGENCY,
        "website": "https://tass.com/",
        "name_ar": "وكالة تاس",
        "name_ru": "Информационное агентство России ТАСС",
        "name_en": "TASS Russian News Agency",
        "short_name_ar": "تاس",
        "short_name_ru": "ТАСС",
        "short_name_en": "TASS",
        "description_ar": "وكالة أنباء روسية حكومية تأسست عام 1904.",
        "description_ru": "Государственное информационное агентство России, основано в 1904 году.",
        "description_en": "Russia's state news agency, founded in 1904.",
    },
}

PEOPLE = {
    "sergey-lavrov": {
        "organisation": "russian-mfa",
        "name_ar": "سيرغي لافروف",
        "name_ru": "Сергей Лавров",
        "name_en": "Sergey Lavrov",
        "role_ar": "وزير خارجية روسيا",
        "role_ru": "Министр иностранных дел России",
        "role_en": "Minister of Foreign Affairs of Russia",
    },
    "antonio-guterres": {
        "organisation": "united-nations",
        "name_ar": "أنطونيو غوتيريش",
        "name_ru": "Антониу Гутерриш",
        "name_en": "António Guterres",
        "role_ar": "الأمين العام للأمم المتحدة",
        "role_ru": "Генеральный секретарь ООН",
        "role_en": "Secretary-General of the United Nations",
    },
    "maria-zakharova": {
        "organisation": "russian-mfa",
        "name_ar": "ماريا زاخاروفا",
        "name_ru": "Мария Захарова",
        "name_en": "Maria Zakharova",
        "role_ar": "المتحدثة باسم وزارة الخارجية الروسية",
        "role_ru": "Официальный представитель МИД России",
        "role_en": "Spokeswoman of the Russian Foreign Ministry",
    },
    "stephane-dujarric": {
        "organisation": "united-nations",
        "name_ar": "ستيفان دوجاريك",
        "name_ru": "Стефан Дюжаррик",
        "name_en": "Stéphane Dujarric",
        "role_ar": "المتحدث الرسمي باسم الأمين العام للأمم المتحدة",
        "role_ru": "Официальный представитель генерального секретаря ООН",
        "role_en": "Spokesman for the UN Secretary-General",
    },
    "vladimir-putin": {
        "organisation": None,
        "name_ar": "فلاديمير بوتين",
        "name_ru": "Владимир Путин",
        "name_en": "Vladimir Putin",
        "role_ar": "رئيس روسيا الاتحادية",
        "role_ru": "Президент Российской Федерации",
        "role_en": "President of the Russian Federation",
    },
}

TAGS = {
    "nagorno-karabakh": ("ناغورني قره باغ", "Нагорный Карабах", "Nagorno-Karabakh"),
    "united-nations": ("الأمم المتحدة", "ООН", "United Nations"),
    "humanitarian-aid": ("المساعدات الإنسانية", "Гуманитарная помощь", "Humanitarian aid"),
    "russia-islamic-world": (
        None,  # the Arabic name is the seed's own line, filled in from the seed
        "Группа стратегического видения «Россия — исламский мир»",
        "Strategic Vision Group “Russia — Islamic World”",
    ),
}

TITLE_RU = "Лавров и Гутерриш обсудили возможности ООН в решении гуманитарных вопросов в Карабахе"
TITLE_EN = (
    "Lavrov and Guterres discuss the UN's capacity to resolve humanitarian issues in Karabakh"
)

PARAGRAPHS_RU = [
    "Министр иностранных дел России Сергей Лавров и генеральный секретарь ООН Антониу Гутерриш "
    "обсудили по телефону возможности организации в решении гуманитарных вопросов в Нагорном "
    "Карабахе во взаимодействии с российскими миротворцами, Арменией и Азербайджаном.",
    "В заявлении МИД России, опубликованном 4 декабря 2020 года, говорится: «Гутерриш "
    "приветствовал роль России в достижении договорённостей о прекращении военных действий в "
    "Нагорном Карабахе. Стороны обсудили возможности организаций системы ООН по содействию в "
    "решении гуманитарных вопросов в регионе во взаимодействии с Азербайджаном, Арменией и "
    "российскими миротворческими силами».",
    "В заявлении также говорится: «В ходе беседы стороны обсудили широкий круг международных "
    "вопросов, в том числе задачи реагирования ООН на пандемию коронавируса, а также предложение "
    "российской вакцины „Спутник V“ членам организации 2 декабря 2020 года. Кроме того, "
    "собеседники обменялись мнениями о ситуации в Ливии и Йемене, о ближневосточном "
    "урегулировании, а также о назначениях на руководящие должности в секретариатах ООН».",
    "В МИД России отметили, что «обе стороны подчеркнули важность дальнейшего укрепления роли и "
    "авторитета ООН на мировой арене, в том числе в контексте 75-летия всемирной организации, "
    "которое отмечается в этом году».",
    "Ранее официальный представитель генерального секретаря ООН Стефан Дюжаррик заявил, что "
    "эксперты организации готовы работать с Россией над оценкой объёма необходимой гуманитарной "
    "помощи в Нагорном Карабахе.",
    "Официальный представитель МИД России Мария Захарова на брифинге в четверг заявила, что "
    "комплексная оценочная миссия ООН готовится к поездке в регион.",
    "9 ноября лидеры Российской Федерации, Азербайджана и Армении подписали совместное заявление "
    "о полном прекращении огня в Нагорном Карабахе. Документ предусматривает размещение в регионе "
    "российских миротворцев. 13 ноября Владимир Путин подписал указ о создании межведомственного "
    "центра гуманитарного реагирования в Нагорном Карабахе.",
]

PARAGRAPHS_EN = [
    "Russian Foreign Minister Sergey Lavrov and UN Secretary-General António Guterres discussed "
    "by telephone the organisation's capacity to resolve humanitarian issues in Nagorno-Karabakh "
    "in cooperation with the Russian peacekeeping forces, Armenia and Azerbaijan.",
    "A statement by the Russian Foreign Ministry issued on 4 December 2020 said: “Guterres "
    "welcomed Russia's role in reaching the agreements to stop military action in "
    "Nagorno-Karabakh. The two sides discussed the capacity of UN organisations to help resolve "
    "humanitarian issues in the region in cooperation with Azerbaijan, Armenia and the Russian "
    "peacekeeping forces.”",
    "The statement added: “During the conversation, the two sides discussed a wide range of "
    "international issues, including the UN's response to the coronavirus pandemic and the offer "
    "of the Russian Sputnik V vaccine to the organisation's members on 2 December 2020. In "
    "addition, they exchanged views on the situation in Libya and Yemen, the Middle East "
    "settlement process, and appointments to senior posts in the UN secretariats.”",
    "The Russian Foreign Ministry noted that “both sides stressed the importance of further "
    "strengthening the role and authority of the United Nations on the world stage, including in "
    "the context of the 75th anniversary of the world organisation, which is being celebrated "
    "this year.”",
    "Earlier, the spokesman for the UN Secretary-General, Stéphane Dujarric, said that the "
    "organisation's experts were ready to work with Russia to assess the scale of humanitarian "
    "aid needed in Nagorno-Karabakh.",
    "Russian Foreign Ministry spokeswoman Maria Zakharova said at a briefing on Thursday that the "
    "UN's integrated assessment mission was preparing to travel to the region.",
    "On 9 November, the leaders of the Russian Federation, Azerbaijan and Armenia signed a joint "
    "statement on a complete cessation of hostilities in Nagorno-Karabakh. The document provides "
    "for the deployment of Russian peacekeepers in the region. On 13 November, Vladimir Putin "
    "signed a decree establishing an interdepartmental humanitarian response centre in "
    "Nagorno-Karabakh.",
]

PUBLISHED_AT = datetime(2020, 12, 4, 12, 0, tzinfo=UTC)


def paragraphs_html(paragraphs: list[str]) -> str:
    """Plain paragraphs as sanitised body HTML."""
    return sanitize_body("".join(f"<p>{escape(p)}</p>" for p in paragraphs))


def _changed(obj: models.Model, values: dict) -> bool:
    """Set ``values`` on ``obj``; did any differ (or is it new)?"""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    return bool(changed) or obj.pk is None


def upsert(model: type[models.Model], lookup: dict, values: dict) -> models.Model:
    """Create the row, or update it only where a value differs (so reruns write nothing).

    Whatever is written is recorded as translated: our Russian and English texts
    translate the current Arabic ones.
    """
    obj = model.objects.filter(**lookup).first() or model(**lookup)
    if _changed(obj, values):
        content_save(obj=obj)
    return obj


def article_upsert(lookup: dict, values: dict, m2m: dict[str, list], *, author) -> Article:
    """``upsert`` for the article, through the workflow's save (validated, announced),
    keeping a revision of it as loaded: its first one, and one more each time a run
    changes it (a rerun that changes nothing adds none)."""
    article = Article.objects.filter(**lookup).first() or Article(**lookup)
    first = article.pk is None or not Version.objects.get_for_object(article).exists()
    changed = _changed(article, values) or any(
        set(getattr(article, name).all()) != set(objs) for name, objs in m2m.items()
    )
    if not (first or changed):
        return article
    with reversion.create_revision(), translation.override(settings.LANGUAGE_CODE):
        if changed:
            article = article_save(
                article=article,
                user=None,
                changed=[*values, *m2m],
                m2m=m2m,
                kind=RevisionNote.Kind.IMPORTED if first else None,
                details={"source": "demo"},
            )
        else:
            reversion.add_to_revision(article)  # a database loaded before revisions were kept
        reversion.set_user(author)
        # In the newsroom's language: a command has no reader's language to follow.
        reversion.set_comment(
            gettext("Loaded the demo content") if first else gettext("Updated the demo content")
        )
    return article


def make_demo_photo() -> bytes:
    """A generated 1600×900 JPEG standing in for the agency photo."""
    from PIL import Image, ImageDraw

    width, height = 1600, 900
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):  # a deep blue sky fading to grey
        shade = int(40 + 120 * y / height)
        draw.line([(0, y), (width, y)], fill=(shade // 2, shade // 2 + 20, shade + 60))
    draw.ellipse((980, 160, 1380, 560), outline=(235, 235, 240), width=18)  # a UN-blue emblem
    draw.ellipse((1080, 260, 1280, 460), fill=(91, 146, 229))
    draw.rectangle((160, 560, 820, 760), fill=(230, 228, 220))  # a desk with two telephones
    draw.rectangle((220, 500, 380, 560), fill=(30, 30, 30))
    draw.rectangle((600, 500, 760, 560), fill=(30, 30, 30))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()


@transaction.atomic
def load_demo(*, stories: bool = True) -> Article:
    """Load (or bring up to date) the demo article and everything it refers to, and (with
    ``stories``) the stories around it (``devdata.demo.stories``); return the seed article."""
    seed = parse_seed()

    organisations = {
        slug: upsert(Organisation, {"slug": slug}, values) for slug, values in ORGANISATIONS.items()
    }
    people = {
        slug: upsert(
            Person,
            {"slug": slug},
            {
                **{k: v for k, v in values.items() if k != "organisation"},
                "organisation": organisations.get(values["organisation"]),
            },
        )
        for slug, values in PEOPLE.items()
    }
    source = upsert(
        Source,
        {"slug": "tass"},
        {
            "name_ar": seed.source,
            "name_ru": "ТАСС",
            "name_en": "TASS",
            "organisation": organisations["tass"],
            "website": "https://tass.com/",
        },
    )
    credit = upsert(
        PhotoCredit,
        {"name_en": "Russian Foreign Ministry"},
        {
            "name_ar": seed.photo_credit,
            "name_ru": "МИД России",
            "organisation": organisations["russian-mfa"],
        },
    )
    section = upsert(
        Section, {"slug": "world"}, {"name_ar": "العالم", "name_ru": "Мир", "name_en": "World"}
    )
    tags = []
    for slug, (name_ar, name_ru, name_en) in TAGS.items():
        tags.append(
            upsert(
                Tag,
                {"slug": slug},
                {"name_ar": name_ar or seed.section_line, "name_ru": name_ru, "name_en": name_en},
            )
        )

    photo = Photo.objects.filter(image=PHOTO_NAME).first()
    if photo is None:
        if not default_storage.exists(PHOTO_NAME):
            default_storage.save(PHOTO_NAME, ContentFile(make_demo_photo()))
        photo = Photo(image=PHOTO_NAME)
        photo.image.name = PHOTO_NAME
    photo_values = {
        "credit": credit,
        "caption_ar": "سيرغي لافروف وأنطونيو غوتيريش (صورة أرشيفية)",
        "caption_ru": "Сергей Лавров и Антониу Гутерриш (архивное фото)",
        "caption_en": "Sergey Lavrov and António Guterres (archive photo)",
        "alt_text_ar": "رسم توضيحي لمكتب عليه هاتفان أمام شعار أزرق",
        "alt_text_ru": "Иллюстрация: стол с двумя телефонами на фоне синей эмблемы",
        "alt_text_en": "Illustration: a desk with two telephones in front of a blue emblem",
    }
    if _changed(photo, photo_values):
        photo_save(photo=photo)

    standfirst_ar, *body_ar = seed.paragraphs
    author = system_user()
    article = article_upsert(
        {"slug_en": "lavrov-and-guterres-discuss-un-humanitarian-role-in-karabakh"},
        {
            "title_ar": seed.title,
            "title_ru": TITLE_RU,
            "title_en": TITLE_EN,
            "slug_ar": "لافروف-وغوتيريش-يبحثان-إمكانيات-الأمم-المتحدة-في-قره-باغ",
            "slug_ru": "lavrov-i-guterrish-obsudili-vozmozhnosti-oon-v-karabakhe",
            "standfirst_ar": standfirst_ar,
            "standfirst_ru": PARAGRAPHS_RU[0],
            "standfirst_en": PARAGRAPHS_EN[0],
            "body_ar": paragraphs_html(body_ar),
            "body_ru": paragraphs_html(PARAGRAPHS_RU[1:]),
            "body_en": paragraphs_html(PARAGRAPHS_EN[1:]),
            "status": Article.Status.PUBLISHED,
            "published_at": PUBLISHED_AT,
            "section": section,
            "source": source,
            "lead_photo": photo,
            "created_by": author,
            "front_placement": Article.FrontPlacement.LEAD,
        },
        {
            "people": list(people.values()),
            "organisations": [organisations["united-nations"], organisations["russian-mfa"]],
            "tags": tags,
        },
        author=author,
    )
    if stories:
        load_stories(
            seed=article,
            upsert=upsert,
            article_upsert=article_upsert,
            changed=_changed,
            author=author,
            people=people,
            organisations=organisations,
            tags=dict(zip(TAGS, tags, strict=True)),
        )
    demo_breaking_news(article)
    return article


#: The demo's breaking-news line in each language; shown for a day after each load.
BREAKING = {
    "ar": "تجريبي: الأمم المتحدة تستعد لإرسال بعثة تقييم إلى قره باغ",
    "ru": "Демонстрация: миссия ООН готовится к поездке в Карабах",
    "en": "Demo: a UN assessment mission prepares to travel to Karabakh",
}


def demo_breaking_news(article: Article) -> None:
    """One banner per language linking to the demo article, shown for a day (made again by a
    later load once it has expired; a load while it is shown leaves it as it is)."""
    now = timezone.now()
    for language, text in BREAKING.items():
        banner = BreakingNews.objects.filter(language=language, text=text).first()
        if banner is not None and banner.expires_at > now:
            continue
        banner = banner or BreakingNews(language=language, text=text)
        banner.article, banner.starts_at, banner.expires_at = article, now, now + timedelta(days=1)
        breaking_news_save(banner=banner)
