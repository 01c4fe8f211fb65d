from django.urls import path

from knowledge import topic_views, views

app_name = "knowledge"

urlpatterns = [
    path("laeringspunkter/", views.article_list, name="article-list"),
    path("laeringspunkter/ny/", views.article_create, name="article-create"),
    path("laeringspunkter/<int:pk>/", views.article_detail, name="article-detail"),
    path("laeringspunkter/<int:pk>/endre/", views.article_edit, name="article-edit"),
    path("laeringspunkter/<int:pk>/steg/", views.article_step, name="article-step"),
    path("laeringspunkter/<int:pk>/vedlegg/", views.attachment_add, name="attachment-add"),
    path("vedlegg/<int:pk>/", views.attachment_download, name="attachment-download"),
    # KS staff keep the topics (knowledge/topic_views.py).
    path("temaer/", topic_views.topic_list, name="topic-list"),
    path("temaer/<int:pk>/endre/", topic_views.topic_edit, name="topic-edit"),
    path("temaer/<int:pk>/i-bruk/", topic_views.topic_in_use, name="topic-in-use"),
    path("moter/", views.meeting_list, name="meeting-list"),
    path("moter/ny/", views.meeting_edit, name="meeting-create"),
    path("moter/kalender.ics", views.meeting_calendar, name="meeting-calendar"),
    path("moter/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("moter/<int:pk>/endre/", views.meeting_edit, name="meeting-edit"),
]
