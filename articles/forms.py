"""Admin forms that guard what reaches storage."""

from django import forms
from django.core.files.uploadedfile import UploadedFile

from articles.models import Photo
from articles.uploads import image_clean


class PhotoForm(forms.ModelForm):
    """A photo whose uploaded image is checked, stripped of metadata and renamed."""

    class Meta:
        model = Photo
        fields = ["image", "caption", "alt_text", "credit"]

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if isinstance(image, UploadedFile):
            return image_clean(image)
        return image
