from django.urls import path

from articles import converters  # noqa: F401 - registers the "uslug" converter
from people import views

app_name = "people"
urlpatterns = [
    path("person/<uslug:slug>/", views.PersonView.as_view(), name="person"),
    path("organisation/<uslug:slug>/", views.OrganisationView.as_view(), name="organisation"),
]
