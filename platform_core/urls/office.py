from django.urls import path

from ..views import office

urlpatterns = [
    path("office/", office.office_home, name="office_home"),
    path("prefs/display/", office.display_mode, name="display_mode"),
]
