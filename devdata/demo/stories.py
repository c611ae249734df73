"""More demo articles around the seed, so that a new site shows a real front page.

Six short stories in three sections (World, Economy, Science), each in Arabic,
Russian and English, with a generated photo, people, organisations and tags, and
bylines: a writer, an editor, a photographer and the translators of the Russian
and English versions (each credited on their own version only). One carries an
update, one a correction, one a clarification, each in the three languages.

The stories are the newsroom's own illustrations: they name no one but the
people of the seed article, quoted no further than the seed quotes them.
Publication times are set relative to the first load (the newest an hour old)
and kept on later runs, so that reruns write nothing.
"""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from articles.bylines import byline_save
from articles.images import photo_save
from articles.models import Article, ArticleNote, Byline, Photo, PhotoCredit, Section, Tag
from newsroom.content import content_save
from people.models import Person

SECTIONS = {
    "world": ("العالم", "Мир", "World", 0),
    "economy": ("اقتصاد", "Экономика", "Economy", 1),
    "science": ("علوم", "Наука", "Science", 2),
}

#: The newsroom's own journalists (people with bylines, not people in the news).
JOURNALISTS = {
    "leila-haddad": {
        "name_ar": "ليلى حداد",
        "name_ru": "Лейла Хаддад",
        "name_en": "Leila Haddad",
        "role_ar": "مراسلة الشؤون الدولية",
        "role_ru": "Корреспондент международного отдела",
        "role_en": "International affairs correspondent",
        "bio_ar": "<p>تغطي ليلى حداد الدبلوماسية والمنظمات الدولية لغرفة الأخبار.</p>",
        "bio_ru": "<p>Лейла Хаддад пишет о дипломатии и международных организациях.</p>",
        "bio_en": "<p>Leila Haddad covers diplomacy and international organisations.</p>",
    },
    "omar-saleh": {
        "name_ar": "عمر صالح",
        "name_ru": "Омар Салех",
        "name_en": "Omar Saleh",
        "role_ar": "محرر الشؤون الاقتصادية",
        "role_ru": "Экономический обозреватель",
        "role_en": "Economics editor",
        "bio_ar": "<p>يكتب عمر صالح عن الأسواق والتجارة والطاقة في المنطقة.</p>",
        "bio_ru": "<p>Омар Салех пишет о рынках, торговле и энергетике региона.</p>",
        "bio_en": "<p>Omar Saleh writes about the region's markets, trade and energy.</p>",
    },
    "karim-mansour": {
        "name_ar": "كريم منصور",
        "name_ru": "Карим Мансур",
        "name_en": "Karim Mansour",
        "role_ar": "رئيس التحرير المناوب",
        "role_ru": "Дежурный редактор",
        "role_en": "Duty editor",
    },
    "sami-khatib": {
        "name_ar": "سامي الخطيب",
        "name_ru": "Сами Хатиб",
        "name_en": "Sami Khatib",
        "role_ar": "مصور صحفي",
        "role_ru": "Фотокорреспондент",
        "role_en": "Photojournalist",
    },
    "anna-volkova": {
        "name_ar": "آنا فولكوفا",
        "name_ru": "Анна Волкова",
        "name_en": "Anna Volkova",
        "role_ar": "مترجمة",
        "role_ru": "Переводчик",
        "role_en": "Translator",
    },
    "james-carter": {
        "name_ar": "جيمس كارتر",
        "name_ru": "Джеймс Картер",
        "name_en": "James Carter",
        "role_ar": "مترجم",
        "role_ru": "Переводчик",
        "role_en": "Translator",
    },
}

TAGS = {
    "economy-trade": ("التجارة", "Торговля", "Trade"),
    "shipping": ("الشحن البحري", "Морские перевозки", "Shipping"),
    "astronomy": ("الفلك", "Астрономия", "Astronomy"),
    "energy": ("الطاقة", "Энергетика", "Energy"),
}


def _p(*paragraphs: str) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


#: Each story: its slug (English), hours before the first load, section, colours of its
#: photo, people, organisations and tags (slugs), writer, and its three versions.
STORIES = [
    {
        "slug": "un-assessment-mission-prepares-for-karabakh",
        "hours": 1,
        "section": "world",
        "colours": ((40, 70, 120), (91, 146, 229)),
        "people": ["stephane-dujarric", "maria-zakharova"],
        "organisations": ["united-nations", "russian-mfa"],
        "tags": ["nagorno-karabakh", "united-nations", "humanitarian-aid"],
        "writer": "leila-haddad",
        "ar": (
            "بعثة تقييم أممية تستعد للتوجه إلى ناغورني قره باغ",
            "تستعد بعثة تقييم تابعة للأمم المتحدة للتوجه إلى المنطقة لتقدير حجم المساعدات "
            "الإنسانية اللازمة.",
            _p(
                "قال المتحدث باسم الأمين العام للأمم المتحدة إن خبراء المنظمة مستعدون للعمل "
                "على تقدير حجم المساعدات المطلوبة.",
                "وأوضحت الخارجية الروسية أن البعثة تستعد للسفر إلى المنطقة.",
            ),
        ),
        "ru": (
            "Оценочная миссия ООН готовится к поездке в Нагорный Карабах",
            "Миссия ООН готовится к поездке в регион, чтобы оценить объём необходимой "
            "гуманитарной помощи.",
            _p(
                "Официальный представитель генсекретаря ООН заявил, что эксперты организации "
                "готовы оценить объём необходимой помощи.",
                "В МИД России сообщили, что миссия готовится к поездке в регион.",
            ),
        ),
        "en": (
            "UN assessment mission prepares to travel to Nagorno-Karabakh",
            "A UN assessment mission is preparing to travel to the region to gauge how much "
            "humanitarian aid is needed.",
            _p(
                "The UN Secretary-General's spokesman said the organisation's experts were ready "
                "to assess the aid required.",
                "The Russian Foreign Ministry said the mission was preparing to travel.",
            ),
        ),
        "note": (
            ArticleNote.Kind.UPDATE,
            40,
            "أضيف توضيح الخارجية الروسية بشأن موعد سفر البعثة.",
            "Добавлено заявление МИД России о сроках поездки миссии.",
            "Added the Russian Foreign Ministry's statement on when the mission will travel.",
        ),
    },
    {
        "slug": "transport-links-talks-in-the-south-caucasus",
        "hours": 5,
        "section": "world",
        "colours": ((90, 60, 40), (220, 170, 90)),
        "people": ["vladimir-putin"],
        "organisations": ["russian-mfa"],
        "tags": ["nagorno-karabakh"],
        "writer": "leila-haddad",
        "ar": (
            "مباحثات حول إعادة فتح طرق النقل في جنوب القوقاز",
            "تتواصل المباحثات حول إعادة فتح طرق النقل والاتصالات في المنطقة بموجب البيان الثلاثي.",
            _p(
                "ينص البيان الموقع في 9 نوفمبر على رفع القيود عن الروابط الاقتصادية وطرق النقل.",
                "ويعمل فريق عمل مشترك على تفاصيل الخطوات المقبلة.",
            ),
        ),
        "ru": (
            "В Закавказье обсуждают восстановление транспортных связей",
            "Продолжаются переговоры о разблокировании транспортных коммуникаций в регионе по "
            "трёхстороннему заявлению.",
            _p(
                "Заявление, подписанное 9 ноября, предусматривает разблокирование экономических "
                "и транспортных связей.",
                "Детали следующих шагов прорабатывает совместная рабочая группа.",
            ),
        ),
        "en": (
            "Talks on reopening transport links in the South Caucasus",
            "Talks continue on unblocking the region's transport links under the trilateral "
            "statement.",
            _p(
                "The statement signed on 9 November provides for unblocking economic and "
                "transport links.",
                "A joint working group is preparing the next steps.",
            ),
        ),
    },
    {
        "slug": "wheat-demand-rises-in-middle-east-markets",
        "hours": 3,
        "section": "economy",
        "colours": ((150, 120, 40), (240, 210, 120)),
        "people": [],
        "organisations": [],
        "tags": ["economy-trade"],
        "writer": "omar-saleh",
        "ar": (
            "ارتفاع الطلب على القمح في أسواق الشرق الأوسط",
            "يتوقع تجار الحبوب أن يستمر الطلب المرتفع على القمح في المنطقة حتى نهاية الموسم.",
            _p(
                "يقول المستوردون إن المخزونات تراجعت بعد موسم حصاد أضعف من المعتاد.",
                "وتسعى الحكومات إلى تنويع مصادر الاستيراد لتفادي تقلبات الأسعار.",
            ),
        ),
        "ru": (
            "Спрос на пшеницу на рынках Ближнего Востока растёт",
            "Зернотрейдеры ожидают, что высокий спрос на пшеницу в регионе сохранится до конца "
            "сезона.",
            _p(
                "Импортёры говорят, что запасы сократились после слабого урожая.",
                "Правительства стремятся расширить круг поставщиков, чтобы избежать колебаний цен.",
            ),
        ),
        "en": (
            "Demand for wheat rises in Middle East markets",
            "Grain traders expect strong demand for wheat in the region to last until the end "
            "of the season.",
            _p(
                "Importers say stocks have fallen after a weaker harvest than usual.",
                "Governments are looking to widen their sources of supply to avoid price swings.",
            ),
        ),
        "note": (
            ArticleNote.Kind.CORRECTION,
            90,
            "ذكرت نسخة سابقة من هذا الخبر أن المخزونات ارتفعت، والصحيح أنها تراجعت.",
            "В первоначальной версии говорилось, что запасы выросли; на самом деле они "
            "сократились.",
            "An earlier version of this story said that stocks had risen; they have fallen.",
        ),
    },
    {
        "slug": "red-sea-ports-prepare-for-busy-shipping-season",
        "hours": 7,
        "section": "economy",
        "colours": ((20, 80, 110), (60, 170, 200)),
        "people": [],
        "organisations": [],
        "tags": ["shipping", "economy-trade"],
        "writer": "omar-saleh",
        "ar": (
            "موانئ البحر الأحمر تستعد لموسم شحن مزدحم",
            "تزيد موانئ البحر الأحمر ساعات العمل وتوسع الأرصفة استعدادا لموسم الذروة.",
            _p(
                "تقول سلطات الموانئ إن حجم الحاويات المتوقع يفوق ما سجل في العام الماضي.",
                "ويأمل المصدرون أن يقلص التوسع أوقات الانتظار.",
            ),
        ),
        "ru": (
            "Порты Красного моря готовятся к напряжённому сезону перевозок",
            "Порты Красного моря продлевают часы работы и расширяют причалы перед пиковым сезоном.",
            _p(
                "Администрации портов ожидают больше контейнеров, чем в прошлом году.",
                "Экспортёры надеются, что расширение сократит время ожидания.",
            ),
        ),
        "en": (
            "Red Sea ports prepare for a busy shipping season",
            "Red Sea ports are extending working hours and berths ahead of the peak season.",
            _p(
                "Port authorities expect more containers than last year.",
                "Exporters hope the expansion will cut waiting times.",
            ),
        ),
    },
    {
        "slug": "observatory-sights-the-new-crescent-moon",
        "hours": 9,
        "section": "science",
        "colours": ((10, 15, 40), (240, 230, 180)),
        "people": [],
        "organisations": [],
        "tags": ["astronomy"],
        "writer": "leila-haddad",
        "ar": (
            "مرصد فلكي يرصد هلال الشهر الهجري الجديد",
            "رصد فلكيون الهلال بعد غروب الشمس بالتلسكوب في سماء صافية.",
            _p(
                "قال الفلكيون إن الهلال ظهر على ارتفاع منخفض فوق الأفق الغربي.",
                "ويعتمد تقويم أم القرى على الحسابات الفلكية لتحديد بدايات الأشهر.",
            ),
        ),
        "ru": (
            "Обсерватория наблюдала новый месяц",
            "Астрономы увидели в телескоп серп нового месяца после заката при ясном небе.",
            _p(
                "По словам астрономов, серп появился низко над западным горизонтом.",
                "Календарь Умм аль-Кура определяет начало месяцев по астрономическим расчётам.",
            ),
        ),
        "en": (
            "Observatory sights the new crescent moon",
            "Astronomers sighted the crescent through a telescope after sunset under clear skies.",
            _p(
                "The astronomers said the crescent appeared low above the western horizon.",
                "The Umm al-Qura calendar sets the start of each month by astronomical "
                "calculation.",
            ),
        ),
        "note": (
            ArticleNote.Kind.CLARIFICATION,
            45,
            "أوضحنا أن الرصد تم بالتلسكوب لا بالعين المجردة.",
            "Уточнено: серп наблюдали в телескоп, а не невооружённым глазом.",
            "We have made clear that the crescent was sighted through a telescope, not with "
            "the naked eye.",
        ),
    },
    {
        "slug": "arab-universities-launch-joint-solar-energy-research",
        "hours": 12,
        "section": "science",
        "colours": ((120, 40, 20), (250, 180, 40)),
        "people": [],
        "organisations": [],
        "tags": ["energy"],
        "writer": "omar-saleh",
        "ar": (
            "جامعات عربية تطلق برنامجا مشتركا لأبحاث الطاقة الشمسية",
            "يجمع البرنامج باحثين من عدة جامعات لدراسة كفاءة الألواح الشمسية في المناخ الصحراوي.",
            _p(
                "سيختبر الباحثون طرقا لتنظيف الألواح من الغبار بأقل قدر من المياه.",
                "وتنشر النتائج الأولى في مجلة علمية محكمة العام المقبل.",
            ),
        ),
        "ru": (
            "Арабские университеты запускают совместную программу исследований солнечной энергии",
            "Программа объединяет учёных нескольких университетов для изучения эффективности "
            "солнечных панелей в пустынном климате.",
            _p(
                "Исследователи испытают способы очистки панелей от пыли с минимальным расходом "
                "воды.",
                "Первые результаты опубликуют в рецензируемом журнале в следующем году.",
            ),
        ),
        "en": (
            "Arab universities launch joint solar energy research",
            "The programme brings together researchers from several universities to study how "
            "well solar panels work in a desert climate.",
            _p(
                "The researchers will test ways of cleaning dust off panels with as little "
                "water as possible.",
                "First results are to appear in a peer-reviewed journal next year.",
            ),
        ),
    },
]


def make_story_photo(colours: tuple[tuple[int, int, int], tuple[int, int, int]]) -> bytes:
    """A generated 1600×900 JPEG: a sky fading between two colours, with a sun and a skyline."""
    from PIL import Image, ImageDraw

    width, height = 1600, 900
    (r1, g1, b1), (r2, g2, b2) = colours
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=(int(r1 + (r2 - r1) * t), int(g1 + (g2 - g1) * t), int(b1 + (b2 - b1) * t)),
        )
    draw.ellipse((1150, 140, 1350, 340), fill=(r2, g2, b2), outline=(250, 250, 245), width=10)
    for n, x in enumerate(range(0, width, 130)):
        top = 560 + (n * 53) % 180
        draw.rectangle((x, top, x + 100, height), fill=(25 + n % 3 * 10, 25, 35))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True)
    return buffer.getvalue()


def load_stories(
    *, seed: Article, upsert, article_upsert, changed, author, people, organisations, tags
) -> list[Article]:
    """Load the stories (idempotent, like the seed: a rerun writes nothing) and credit the
    seed's translators; ``upsert``, ``article_upsert`` and ``changed`` are the seed's helpers."""
    sections = {
        slug: upsert(
            Section,
            {"slug": slug},
            {"name_ar": ar, "name_ru": ru, "name_en": en, "position": position},
        )
        for slug, (ar, ru, en, position) in SECTIONS.items()
    }
    journalists = {
        slug: upsert(Person, {"slug": slug}, values) for slug, values in JOURNALISTS.items()
    }
    tags = dict(tags)
    for slug, (ar, ru, en) in TAGS.items():
        tags[slug] = upsert(Tag, {"slug": slug}, {"name_ar": ar, "name_ru": ru, "name_en": en})
    credit = upsert(
        PhotoCredit,
        {"name_en": "Newsroom"},
        {"name_ar": "غرفة الأخبار", "name_ru": "Редакция"},
    )
    now = timezone.now().replace(microsecond=0)
    articles = []
    for story in STORIES:
        name = f"photos/demo/{story['slug']}.jpg"
        photo = Photo.objects.filter(image=name).first()
        if photo is None:
            if not default_storage.exists(name):
                default_storage.save(name, ContentFile(make_story_photo(story["colours"])))
            photo = Photo(image=name)
            photo.image.name = name
        title_ar, title_ru, title_en = story["ar"][0], story["ru"][0], story["en"][0]
        photo_values = {
            "credit": credit,
            "caption_ar": f"{title_ar} (رسم توضيحي)",
            "caption_ru": f"{title_ru} (иллюстрация)",
            "caption_en": f"{title_en} (illustration)",
            "alt_text_ar": "رسم توضيحي: سماء ملونة وشمس فوق أفق من المباني",
            "alt_text_ru": "Иллюстрация: цветное небо и солнце над силуэтом зданий",
            "alt_text_en": "Illustration: a coloured sky and a sun above a skyline",
        }
        if changed(photo, photo_values):
            photo_save(photo=photo)
        existing = Article.objects.filter(slug_en=story["slug"]).first()
        published_at = (
            existing.published_at
            if existing and existing.published_at
            else now - timedelta(hours=story["hours"])
        )
        values = {"status": Article.Status.PUBLISHED, "published_at": published_at}
        for code in ("ar", "ru", "en"):
            title, standfirst, body = story[code]
            values |= {f"title_{code}": title, f"standfirst_{code}": standfirst}
            values[f"body_{code}"] = body
        values |= {
            "slug_ar": story["ar"][0].replace(" ", "-"),
            "slug_ru": story["slug"],
            "section": sections[story["section"]],
            "source": None,
            "lead_photo": photo,
            "created_by": author,
        }
        article = article_upsert(
            {"slug_en": story["slug"]},
            values,
            {
                "people": [people[slug] for slug in story["people"]],
                "organisations": [organisations[slug] for slug in story["organisations"]],
                "tags": [tags[slug] for slug in story["tags"]],
            },
            author=author,
        )
        credits = [
            (journalists[story["writer"]], Byline.Role.WRITER, ""),
            (journalists["karim-mansour"], Byline.Role.EDITOR, ""),
            (journalists["sami-khatib"], Byline.Role.PHOTOGRAPHER, ""),
            (journalists["anna-volkova"], Byline.Role.TRANSLATOR, "ru"),
            (journalists["james-carter"], Byline.Role.TRANSLATOR, "en"),
        ]
        _credit(article, credits)
        if "note" in story:
            kind, minutes, text_ar, text_ru, text_en = story["note"]
            note = ArticleNote.objects.filter(article=article, kind=kind).first()
            note = note or ArticleNote(
                article=article, kind=kind, noted_at=published_at + timedelta(minutes=minutes)
            )
            if changed(note, {"text_ar": text_ar, "text_ru": text_ru, "text_en": text_en}):
                content_save(obj=note)
        articles.append(article)
    # The seed is agency copy (TASS): only its translations are ours.
    _credit(
        seed,
        [
            (journalists["anna-volkova"], Byline.Role.TRANSLATOR, "ru"),
            (journalists["james-carter"], Byline.Role.TRANSLATOR, "en"),
        ],
    )
    return articles


def _credit(article: Article, credits: list[tuple]) -> None:
    """Credit each (person, role, language) on ``article``, in that order (idempotent)."""
    for position, (person, role, language) in enumerate(credits):
        found = Byline.objects.filter(
            article=article, person=person, role=role, language=language
        ).first()
        if found is None:
            byline = Byline(
                article=article, person=person, role=role, language=language, position=position
            )
            byline_save(byline=byline)
        elif found.position != position:
            found.position = position
            byline_save(byline=found)
