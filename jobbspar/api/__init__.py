"""The site's REST API under /api/v1/: token clients registered by the administrator, each acting
as a service user with one (organisation, role) membership, so that the API sees exactly what the
pages' visibility selectors and rules let that role see."""
