from django.urls import path

from ..views import dynforms

urlpatterns = [
    path("office/forms/", dynforms.form_list, name="dynform_list"),
    path("office/forms/new/", dynforms.form_create, name="dynform_create"),
    path("office/forms/import/", dynforms.form_import, name="dynform_import"),
    path("office/forms/<int:pk>/", dynforms.form_detail, name="dynform_detail"),
    path("office/forms/<int:pk>/fields/new/", dynforms.field_add, name="dynform_field_add"),
    path("office/forms/<int:pk>/publish/", dynforms.version_publish, name="dynform_publish"),
    path("office/forms/<int:pk>/draft/", dynforms.draft_start, name="dynform_draft"),
    path("office/forms/<int:pk>/copy/", dynforms.form_copy, name="dynform_copy"),
    path("office/forms/<int:pk>/export/", dynforms.form_export, name="dynform_export"),
    path("office/forms/<int:pk>/preview/", dynforms.form_preview, name="dynform_preview"),
    path("office/forms/fields/<int:pk>/edit/", dynforms.field_edit, name="dynform_field_edit"),
    path(
        "office/forms/fields/<int:pk>/move/<str:direction>/",
        dynforms.field_move,
        name="dynform_field_move",
    ),
    path(
        "office/forms/fields/<int:pk>/delete/", dynforms.field_delete, name="dynform_field_delete"
    ),
    path("forms/submissions/<int:pk>/", dynforms.submission_detail, name="dynform_submission"),
    path("forms/files/<int:pk>/", dynforms.submission_file, name="dynform_file"),
]
