"""The certificate as a PDF: the learner's name, course, hours, date, issuer, its unique code and a
QR code that opens the public verification page. Laid out by WeasyPrint from a template, fetching
nothing from outside."""

from __future__ import annotations

import logging

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from dxoffice.training.models import Certificate


def verification_url(certificate: Certificate) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{reverse('training:verify')}?code={certificate.code}"


def certificate_html(certificate: Certificate, language: str = "vi") -> str:
    url = verification_url(certificate)
    qr = segno.make(url, error="m").svg_inline(scale=3, border=1)
    with translation.override(language):
        return render_to_string(
            "training/certificate_pdf.html",
            {"certificate": certificate, "completion": certificate.completion, "qr": qr, "url": url},
        )


def certificate_pdf(certificate: Certificate, language: str = "vi") -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    pdf = HTML(
        string=certificate_html(certificate, language), url_fetcher=URLFetcher(allowed_protocols=())
    ).write_pdf()
    if pdf is None:
        raise RuntimeError("WeasyPrint returned no PDF.")
    return bytes(pdf)
