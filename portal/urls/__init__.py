from django.urls import include, path, re_path

from portal.views import office as office_views
from portal.views import public as views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("office/portal/", office_views.office_home, name="office_home"),
    path("office/portal/review/", office_views.review_queue, name="review_queue"),
    path("office/portal/articles/new/", office_views.article_new, name="article_new"),
    path("office/portal/articles/<int:pk>/", office_views.article_detail, name="article_detail"),
    path("office/portal/articles/<int:pk>/edit/", office_views.article_edit, name="article_edit"),
    path(
        "office/portal/articles/<int:pk>/submit/",
        office_views.article_submit,
        name="article_submit",
    ),
    path(
        "office/portal/articles/<int:pk>/review/",
        office_views.article_review,
        name="article_review",
    ),
    path(
        "office/portal/articles/<int:pk>/withdraw/",
        office_views.article_withdraw,
        name="article_withdraw",
    ),
    path(
        "office/portal/articles/<int:pk>/revisions/",
        office_views.article_revisions,
        name="article_revisions",
    ),
    path("", include("portal.investment.urls")),  # 招商引资: /office/portal/investment/, /invest/
    path("", include("portal.urls.media")),
    path(
        "", include("portal.urls.site")
    ),  # 栏目管理, 网站设置, 敏感词库, 信息统计  # attachments, 访问统计, /stats/hit, /files/
    # Last: a path no view answers is looked up among the published files (demo and
    # development; nginx serves them in production). Only "dir/", "dir/name.html", ".xml" and
    # ".pdf" (a name may hold capitals: a guide and its PDF are named by its item's code, a
    # department's list pages by its code).
    re_path(
        r"^(?P<subpath>(?:[A-Za-z0-9_-]+/)*(?:[A-Za-z0-9_-]+\.(?:html|xml|pdf))?)$",
        views.published,
        name="published",
    ),
]
