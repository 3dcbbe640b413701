from django.urls import path

from ..views import office

app_name = "interaction"

urlpatterns = [
    path("office/interaction/cases/<str:number>/", office.case_detail, name="case_detail"),
]
