"""Public pages of people and organisations."""

from django.db.models import Exists, OuterRef

from articles.views import FilteredArticleListView
from people.models import Organisation, Person


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


class OrganisationView(FilteredArticleListView):
    """An organisation and the public articles that mention it."""

    model = Organisation
    article_filter = "organisations"
    template_name = "people/organisation_detail.html"
