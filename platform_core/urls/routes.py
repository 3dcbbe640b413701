from django.urls import path

from ..views import routes

V = "office/routes/<slug:code>/v<int:number>/"

urlpatterns = [
    path("office/routes/", routes.route_list, name="route_list"),
    path("office/routes/import/", routes.route_import, name="route_import"),
    path("office/routes/<slug:code>/", routes.route_detail, name="route_detail"),
    path("office/routes/<slug:code>/drafts/new/", routes.version_new_draft, name="route_new_draft"),
    path(V + "graph.svg", routes.route_graph, name="route_graph"),
    path(V + "export.bpmn", routes.route_export, {"fmt": "bpmn"}, name="route_export_bpmn"),
    path(V + "export.xpdl", routes.route_export, {"fmt": "xpdl"}, name="route_export_xpdl"),
    path(V + "designer/", routes.route_designer, name="route_designer"),
    path(V + "publish/", routes.version_publish, name="route_publish"),
    path(V + "discard/", routes.version_discard, name="route_discard"),
    path(V + "steps/new/", routes.step_form, name="route_step_new"),
    path(V + "steps/<slug:key>/edit/", routes.step_form, name="route_step_edit"),
    path(V + "steps/<slug:key>/delete/", routes.step_delete, name="route_step_delete"),
    path(V + "steps/<slug:key>/move/", routes.step_move, name="route_step_move"),
    path(V + "transitions/new/", routes.transition_form, name="route_transition_new"),
    path(
        V + "transitions/<int:pk>/delete/",
        routes.transition_delete,
        name="route_transition_delete",
    ),
]
