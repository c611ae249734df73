"""Who uploaded each photo, and the permission to correct one's own (reporters).

Photos uploaded before it have no uploader: editors (and translators) still change them.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_searchdocument_vector"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="photo",
            options={
                "ordering": ["-created_at"],
                "permissions": [
                    ("change_own_photo", "Can change the photos they uploaded, until published")
                ],
                "verbose_name": "photo",
                "verbose_name_plural": "photos",
            },
        ),
        migrations.AddField(
            model_name="photo",
            name="uploaded_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="uploaded by",
            ),
        ),
    ]
