"""The API's settings (Django REST framework, drf-spectacular), imported by jobbspar.settings."""

import environ

env = environ.Env()

# Token clients only, each with its own rate, counted in the shared cache.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["jobbspar.api.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["jobbspar.api.permissions.HasScope"],
    "DEFAULT_THROTTLE_CLASSES": ["jobbspar.api.throttling.ClientRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api_client": env.str("API_RATE", default="120/min")},
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "jobbspar.api.exceptions.handle",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Jobbspår API",
    "DESCRIPTION": "Tracks, key figures, participants and nominations of Jobbspår, for token clients.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
}
