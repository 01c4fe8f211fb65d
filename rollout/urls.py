from django.urls import path

from rollout import views

app_name = "rollout"

urlpatterns = [
    path("samarbeid/", views.collaboration_list, name="collaboration-list"),
    path("samarbeid/<int:pk>/", views.collaboration_detail, name="collaboration-detail"),
]
