from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("compare/", views.compare, name="compare"),
    path("demands/<slug:slug>/", views.demand_detail, name="demand_detail"),
]
