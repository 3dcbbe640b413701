from django.urls import path

from ..views import workflow

urlpatterns = [
    path("office/cases/new/", workflow.case_start, name="case_start"),
    path("office/cases/<int:pk>/", workflow.case_detail, name="case_detail"),
    path("office/cases/<int:pk>/graph.svg", workflow.case_graph, name="case_graph"),
    path("office/cases/<int:pk>/route.bpmn", workflow.case_bpmn, name="case_bpmn"),
    path("office/cases/<int:pk>/withdraw/", workflow.case_withdraw, name="case_withdraw"),
    path("office/cases/<int:pk>/comment/", workflow.case_comment, name="case_comment"),
    path("office/cases/engine.svg", workflow.engine_chart, name="engine_chart"),
    path("office/delegations/", workflow.delegations, name="delegations"),
    path(
        "office/delegations/<int:pk>/revoke/", workflow.delegation_revoke, name="delegation_revoke"
    ),
    path("office/tasks/<int:pk>/", workflow.task_detail, name="task_detail"),
    path("office/tasks/<int:pk>/<slug:action>/", workflow.task_action, name="task_action"),
]
