"""The knowledge base as stored in the database.

The reviewed files under ``content/`` are the source of truth; ``manage.py load_content`` validates
them through the core and mirrors them here, so other tables (comments, ratings) can point at a
treatment and PostgreSQL can search it.
"""

from __future__ import annotations

from django.db import models


class Treatment(models.Model):
    id = models.SlugField(primary_key=True, max_length=60)
    title = models.CharField(max_length=200)
    category = models.CharField(max_length=40, db_index=True)
    data = models.JSONField(help_text="the validated front matter (TreatmentMeta) as JSON")
    body = models.TextField()
    last_reviewed = models.DateField()
    next_review = models.DateField()
    content_hash = models.CharField(max_length=64)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("title",)

    def __str__(self) -> str:
        return self.title


class SymptomVocabulary(models.Model):
    """The reviewed symptom vocabulary (one row: the whole validated file as JSON)."""

    id = models.CharField(primary_key=True, max_length=60)
    data = models.JSONField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.id
