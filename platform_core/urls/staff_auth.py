from django.urls import path

from ..views import staff_auth

urlpatterns = [
    path("office/login/", staff_auth.StaffLoginView.as_view(), name="staff_login"),
    path("office/logout/", staff_auth.StaffLogoutView.as_view(), name="staff_logout"),
    path("office/password/", staff_auth.StaffPasswordChangeView.as_view(), name="password_change"),
]
