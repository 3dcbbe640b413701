"""URLs of attachments, statistics and the beacon (included from portal/urls/__init__.py, same
namespace)."""

from django.urls import path

from portal.views import media as views_media

urlpatterns = [
    path(
        "office/portal/articles/<int:pk>/attachments/",
        views_media.attachments,
        name="attachments",
    ),
    path(
        "office/portal/articles/<int:pk>/images/",
        views_media.image_upload,
        name="article_image_upload",
    ),
    path(
        "office/portal/articles/<int:pk>/attachments/<int:attachment_pk>/delete/",
        views_media.attachment_delete,
        name="attachment_delete",
    ),
    path("office/portal/stats/", views_media.stats_page, name="stats"),
    path("stats/hit", views_media.beacon, name="beacon"),
    path("files/<path:name>", views_media.published_upload, name="published_upload"),
]
