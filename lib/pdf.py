"""The one way to turn a template into a PDF (WeasyPrint): letters of intent, reports, register extracts.

Tagged PDF (PDF/UA) with embedded fonts, Swedish document language, "Sida X av Y" from CSS."""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation


def render_pdf(template_name: str, context: dict, request=None, language: str = "sv") -> bytes:
    """Documents are Swedish whatever language the reader's screen is in."""
    from weasyprint import HTML  # imported here: Pango is only needed when a PDF is made

    with translation.override(language):
        html = render_to_string(template_name, context, request=request)
    # Files only, never a URL: a PDF made inside a request must not fetch from the web server.
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")


def render_pdf_response(request, template_name: str, context: dict, filename: str) -> HttpResponse:
    response = HttpResponse(render_pdf(template_name, context, request), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
