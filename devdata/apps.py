from django.apps import AppConfig


class DevdataConfig(AppConfig):
    name = "devdata"
