from django.urls import path

from ..views import citizen

urlpatterns = [
    path("accounts/", citizen.citizen_home, name="citizen_home"),
    path("accounts/login/", citizen.citizen_login, name="citizen_login"),
    path("accounts/sms-code/", citizen.citizen_sms_code, name="citizen_sms_code"),
    path("accounts/register/", citizen.citizen_register_view, name="citizen_register"),
    path("accounts/logout/", citizen.citizen_logout, name="citizen_logout"),
]
