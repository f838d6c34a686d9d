"""Tags for the public pages' layout (`public/base.html`)."""

from django import template

from dxoffice.core.public.selectors import province_name as _province_name

register = template.Library()


@register.simple_tag
def province_name() -> str:
    return _province_name()
