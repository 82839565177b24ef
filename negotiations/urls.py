from django.urls import path

from . import views

urlpatterns = [
    path("", views.compare, {"is_home": True}, name="home"),
    path("compare/", views.compare, name="compare"),
    path("demands/", views.demand_list, name="demand_list"),
    path("demands/export.csv", views.demand_export, {"extension": "csv"}, name="demand_export_csv"),
    path("demands/export.excel.csv", views.demand_export, {"extension": "excel.csv"}, name="demand_export_excel"),
    path("demands/export.json", views.demand_export, {"extension": "json"}, name="demand_export_json"),
    path("demands/feed/", views.demand_feed, name="demand_feed"),
    path("demands/<slug:slug>/", views.demand_detail, name="demand_detail"),
    path("timeline/", views.timeline_page, name="timeline"),
    path("timeline/table/", views.timeline_table, name="timeline_table"),
    path("topics/", views.topic_list, name="topic_list"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic_detail"),
    path("actors/", views.actor_list, name="actor_list"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor_detail"),
    path("statements/", views.statement_list, name="statement_list"),
    path("statements/<int:pk>/", views.statement_detail, name="statement_detail"),
    path("sources/", views.source_list, name="source_list"),
    path("sources/<slug:slug>/", views.source_detail, name="source_detail"),
    path("about/", views.about, name="about"),
    path("changes/", views.change_list, name="changes"),
    path("changes/feed/", views.changes_feed, name="changes_feed"),
    path("data/", views.data_page, name="data"),
    path("data/datapackage.json", views.datapackage_json, name="datapackage_json"),
    path("data/v<int:version>/<slug:table>.csv", views.data_table, name="data_table"),
]
