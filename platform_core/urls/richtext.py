from django.urls import path

from ..views import richtext as views

urlpatterns = [
    path("office/richtext/clean/", views.clean, name="richtext_clean"),
]
