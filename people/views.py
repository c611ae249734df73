"""Public pages of people and organisations."""

from django.db.models import Exists, OuterRef
from django.utils import translation

from articles.models import Article, Byline, byline_credited_in
from articles.views import FilteredArticleListView
from people.models import Author, Organisation, Person


class PersonView(FilteredArticleListView):
    """A person, their role, and the public articles that mention them."""

    model = Person
    article_filter = "people"
    subject_related = ("organisation",)
    template_name = "people/person_detail.html"

    def subject_queryset(self):
        # The person's organisation is linked only where it has a public page.
        public = Organisation.objects.public().filter(pk=OuterRef("organisation"))
        return super().subject_queryset().annotate(organisation_is_public=Exists(public))


class AuthorView(FilteredArticleListView):
    """An author: name, role, short bio, and the public articles that credit them here."""

    model = Author
    template_name = "people/author_detail.html"

    def get_queryset(self):
        self.subject = self.get_subject()
        language = translation.get_language()
        credited = Byline.objects.filter(
            byline_credited_in(language), person=self.subject, article=OuterRef("pk")
        )
        return Article.objects.public(at=self.now).for_listing().filter(Exists(credited))


class OrganisationView(FilteredArticleListView):
    """An organisation and the public articles that mention it."""

    model = Organisation
    article_filter = "organisations"
    template_name = "people/organisation_detail.html"
