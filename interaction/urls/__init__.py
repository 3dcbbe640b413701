from django.urls import path

from ..views import office, public

app_name = "interaction"

urlpatterns = [
    # Public (门户 政民互动)
    path("zmhd/", public.case_list, name="public_home"),
    path("zmhd/hfxx/", public.case_list, name="public_list"),
    path("zmhd/xj/", public.submit, name="submit"),
    path("zmhd/xj/code/", public.sms_code, name="sms_code"),
    path("zmhd/xj/done/", public.submitted, name="submitted"),
    path("zmhd/cx/", public.lookup, name="lookup"),
    path("zmhd/cx/<str:number>/", public.my_case, name="my_case"),
    path("zmhd/cx/<str:number>/rate/", public.rate, name="rate"),
    path("zmhd/hf/<str:number>/", public.case_page, name="public_case"),
    # Back office
    path("office/interaction/cases/<str:number>/", office.case_detail, name="case_detail"),
]
