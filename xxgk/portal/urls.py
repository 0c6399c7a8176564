"""Portal URLs."""

from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("gk/guide/<str:credit_code>/", views.guide, name="guide"),
    path("gk/<slug:slug>/", views.section, name="section"),
    path("text-size/", views.text_size, name="text_size"),
    path("accounts/register/", views.register, name="register"),
    path("accounts/me/", views.me, name="me"),
]
