# The indexes public lists, the admin changelist and tag pages read (issue 6).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0005_searchdocument_postgres_fts_index'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['-published_at', '-id'], name='articles_published_desc_idx'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(condition=models.Q(('status', 'published'), ('title_ar__gt', ''), ('body_ar__isnull', False), models.Q(('body_ar', ''), _negated=True), ('slug_ar__gt', '')), fields=['-published_at', '-id'], name='articles_public_ar_idx'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(condition=models.Q(('status', 'published'), ('title_ru__gt', ''), ('body_ru__isnull', False), models.Q(('body_ru', ''), _negated=True), ('slug_ru__gt', '')), fields=['-published_at', '-id'], name='articles_public_ru_idx'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(condition=models.Q(('status', 'published'), ('title_en__gt', ''), ('body_en__isnull', False), models.Q(('body_en', ''), _negated=True), ('slug_en__gt', '')), fields=['-published_at', '-id'], name='articles_public_en_idx'),
        ),
        migrations.AddIndex(
            model_name='taggedarticle',
            index=models.Index(fields=['tag', 'content_object'], name='articles_tagged_tag_art_idx'),
        ),
    ]
