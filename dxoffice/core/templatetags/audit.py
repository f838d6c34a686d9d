from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def history_url(obj) -> str:
    """Link to the History page of any audited record."""
    return reverse("core:history", args=[obj._meta.label_lower, obj.pk])
