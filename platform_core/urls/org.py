from django.urls import path

from ..views import codes, org

urlpatterns = [
    path("office/org/", org.org_tree, name="org_tree"),
    path("office/org/units/new/", org.unit_create, name="unit_create"),
    path("office/org/units/<int:pk>/", org.unit_detail, name="unit_detail"),
    path("office/org/units/<int:pk>/edit/", org.unit_edit, name="unit_edit"),
    path("office/org/units/<int:pk>/grants/", org.unit_grants, name="unit_grants"),
    path("office/org/people/", org.people_list, name="people_list"),
    path("office/org/people/new/", org.person_create, name="person_create"),
    path("office/org/people/<int:pk>/", org.person_detail, name="person_detail"),
    path("office/org/people/<int:pk>/edit/", org.person_edit, name="person_edit"),
    path(
        "office/org/people/<int:pk>/deactivate/",
        org.person_set_active,
        {"active": False},
        name="person_deactivate",
    ),
    path(
        "office/org/people/<int:pk>/activate/",
        org.person_set_active,
        {"active": True},
        name="person_activate",
    ),
    path("office/org/people/<int:pk>/posts/", org.person_posts, name="person_posts"),
    path("office/org/calendar/", org.calendar, name="org_calendar"),
    # Code tables (数据字典): entries are retired, never deleted.
    path("office/org/codes/", codes.code_tables, name="code_tables"),
    path("office/org/codes/<int:pk>/", codes.code_table_detail, name="code_table_detail"),
    path("office/org/codes/<int:pk>/new/", codes.code_entry_create, name="code_entry_create"),
    path("office/org/codes/entries/<int:pk>/edit/", codes.code_entry_edit, name="code_entry_edit"),
    path(
        "office/org/codes/entries/<int:pk>/retire/",
        codes.code_entry_set_active,
        {"active": False},
        name="code_entry_retire",
    ),
    path(
        "office/org/codes/entries/<int:pk>/restore/",
        codes.code_entry_set_active,
        {"active": True},
        name="code_entry_restore",
    ),
]
