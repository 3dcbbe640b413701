from django.urls import path

from ..views import divisions

urlpatterns = [
    path(
        "divisions/<int:level>/<str:code>/children/",
        divisions.division_children,
        name="division_children",
    ),
]
