from django.contrib import admin

from alsnav_web.trials.models import Study


@admin.register(Study)
class StudyAdmin(admin.ModelAdmin):
    list_display = ("nct_id", "title", "status", "study_type", "last_update", "imported_at")
    list_filter = ("status", "study_type")
    search_fields = ("nct_id", "title")
    readonly_fields = ("imported_at",)
