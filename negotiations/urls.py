from django.urls import path

from negotiations.about.views import about
from negotiations.changes.views import change_list, changes_feed
from negotiations.compare.views import compare
from negotiations.data.views import (
    data_page,
    data_table,
    datapackage_json,
    datapackage_zip,
    versioned_datapackage_json,
)
from negotiations.explorer.views import demand_export, demand_feed, demand_list, feeds_page
from negotiations.grid.views import grid_page
from negotiations.records.views import (
    actor_detail,
    actor_list,
    demand_detail,
    source_detail,
    source_list,
    statement_detail,
    statement_list,
)
from negotiations.timeline.views import timeline_page, timeline_table
from negotiations.topics.views import topic_detail, topic_list

urlpatterns = [
    path("", compare, {"is_home": True}, name="home"),
    path("compare/", compare, name="compare"),
    path("grid/", grid_page, name="grid"),
    path("demands/", demand_list, name="demand_list"),
    path("demands/export.csv", demand_export, {"extension": "csv"}, name="demand_export_csv"),
    path("demands/export.excel.csv", demand_export, {"extension": "excel.csv"}, name="demand_export_excel"),
    path("demands/export.json", demand_export, {"extension": "json"}, name="demand_export_json"),
    path("demands/feed/", demand_feed, name="demand_feed"),
    path("demands/<slug:slug>/", demand_detail, name="demand_detail"),
    path("timeline/", timeline_page, name="timeline"),
    path("timeline/table/", timeline_table, name="timeline_table"),
    path("topics/", topic_list, name="topic_list"),
    path("topics/<slug:slug>/", topic_detail, name="topic_detail"),
    path("actors/", actor_list, name="actor_list"),
    path("actors/<slug:slug>/", actor_detail, name="actor_detail"),
    path("statements/", statement_list, name="statement_list"),
    path("statements/<int:pk>/", statement_detail, name="statement_detail"),
    path("sources/", source_list, name="source_list"),
    path("sources/<slug:slug>/", source_detail, name="source_detail"),
    path("about/", about, name="about"),
    path("changes/", change_list, name="changes"),
    path("changes/feed/", changes_feed, name="changes_feed"),
    path("feeds/", feeds_page, name="feeds"),
    path("data/", data_page, name="data"),
    path("data/datapackage.json", datapackage_json, name="datapackage_json"),
    path("data/v<int:version>/datapackage.json", versioned_datapackage_json, name="versioned_datapackage_json"),
    path("data/v<int:version>/datapackage.zip", datapackage_zip, name="datapackage_zip"),
    path("data/v<int:version>/<slug:table>.csv", data_table, name="data_table"),
]
