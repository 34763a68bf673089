"""Replace Wagtail's welcome page with PM1's home page in Thai and its English translation."""

import uuid

from django.db import migrations


def create_homepages(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("home.HomePage")

    Page.objects.filter(content_type__app_label="wagtailcore", content_type__model="page", depth=2).delete()
    Site.objects.all().delete()

    thai, _ = Locale.objects.get_or_create(language_code="th")
    english, _ = Locale.objects.get_or_create(language_code="en")
    content_type, _ = ContentType.objects.get_or_create(app_label="home", model="homepage")
    translation_key = uuid.uuid4()
    pages = []
    # Each locale's root needs its own url_path for Wagtail to tell them apart.
    for position, (locale, slug, title) in enumerate(
        [
            (thai, "home", "ระบบติดตามนโยบายและข้อสั่งการนายกรัฐมนตรี"),
            (english, "home-en", "Policy and PM Directive Tracking"),
        ],
        start=1,
    ):
        pages.append(
            HomePage.objects.create(
                title=title,
                draft_title=title,
                slug=slug,
                content_type=content_type,
                path=f"0001{position:04d}",
                depth=2,
                numchild=0,
                url_path=f"/{slug}/",
                locale=locale,
                translation_key=translation_key,
                live=True,
            )
        )
    Page.objects.filter(depth=1).update(numchild=len(pages))
    Site.objects.create(hostname="localhost", port=80, root_page=pages[0], is_default_site=True, site_name="PM1")


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_homepages, migrations.RunPython.noop)]
