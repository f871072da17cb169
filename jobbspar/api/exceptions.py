"""One shape for every error: `{"detail": "…"}`, or for what was not valid
`{"errors": {field: ["…"]}}` ("__all__" for the request as a whole), in the request's language
(Swedish unless the client's language cookie says English)."""

from rest_framework.exceptions import ValidationError
from rest_framework.views import exception_handler


def _messages(detail) -> list[str]:
    if isinstance(detail, dict):
        return [message for value in detail.values() for message in _messages(value)]
    if isinstance(detail, list):
        return [message for value in detail for message in _messages(value)]
    return [str(detail)]


def handle(exc, context):
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"__all__": exc.detail}
        response.data = {"errors": {field: _messages(value) for field, value in detail.items()}}
    else:
        response.data = {"detail": " ".join(_messages(response.data.get("detail", "")))}
    return response
