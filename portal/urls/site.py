"""URLs of site definition: 栏目管理, 网站设置, 敏感词库, 信息统计 (included from
portal/urls/__init__.py, same namespace)."""

from django.urls import path

from portal.views import site as views

urlpatterns = [
    path("office/portal/site/", views.channels, name="site_channels"),
    path("office/portal/site/channels/new/", views.channel_new, name="site_channel_new"),
    path("office/portal/site/channels/<int:pk>/", views.channel_edit, name="site_channel_edit"),
    path(
        "office/portal/site/channels/<int:pk>/action/",
        views.channel_action,
        name="site_channel_action",
    ),
    path("office/portal/site/settings/", views.site_settings, name="site_settings"),
    path("office/portal/site/words/", views.words, name="site_words"),
    path("office/portal/site/words/import/", views.words_import, name="site_words_import"),
    path("office/portal/site/words/<int:pk>/", views.word_edit, name="site_word_edit"),
    path("office/portal/site/words/<int:pk>/delete/", views.word_delete, name="site_word_delete"),
    path("office/portal/site/stats/", views.publishing_stats, name="site_stats"),
]
