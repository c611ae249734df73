# Indexes for the latest articles of each section on the home page (issue 6).

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0007_article_title_trigram_indexes'),
        ('people', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='article',
            index=models.Index(condition=models.Q(('status', 'published'), ('title_ar__gt', ''), ('body_ar__isnull', False), models.Q(('body_ar', ''), _negated=True), ('slug_ar__gt', '')), fields=['section', '-published_at', '-id'], name='articles_public_section_ar_idx'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(condition=models.Q(('status', 'published'), ('title_ru__gt', ''), ('body_ru__isnull', False), models.Q(('body_ru', ''), _negated=True), ('slug_ru__gt', '')), fields=['section', '-published_at', '-id'], name='articles_public_section_ru_idx'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(condition=models.Q(('status', 'published'), ('title_en__gt', ''), ('body_en__isnull', False), models.Q(('body_en', ''), _negated=True), ('slug_en__gt', '')), fields=['section', '-published_at', '-id'], name='articles_public_section_en_idx'),
        ),
    ]
