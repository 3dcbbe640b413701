from django.urls import path

from ..views import verification

urlpatterns = [
    path("service/verify/<str:number>/", verification.verify, name="verify"),
]
