from django.urls import path

from alsnav_web.community import views

app_name = "community"
urlpatterns = [
    path("treatments/<str:treatment_id>/comments/", views.comment_create, name="comment_create"),
    path("treatments/<str:treatment_id>/experience/", views.experience_edit, name="experience_edit"),
    path(
        "treatments/<str:treatment_id>/experience/remove/", views.experience_remove, name="experience_remove"
    ),
    path("comments/<int:comment_id>/reply/", views.comment_reply, name="comment_reply"),
    path("comments/<int:comment_id>/report/", views.comment_report, name="comment_report"),
    path("comments/<int:comment_id>/delete/", views.comment_delete, name="comment_delete"),
    path("moderation/", views.moderation_queue, name="queue"),
    path("moderation/<int:comment_id>/", views.moderate, name="moderate"),
    path("feedback/", views.page_feedback, name="page_feedback"),
    path("feedback/<int:feedback_id>/more/", views.feedback_details, name="feedback_details"),
    path("reviews/", views.reviews, name="reviews"),
    path("ask/", views.ask, name="ask"),
]
