"""Privacy to public-sector standard: the access log and its monthly review, subject-access
exports (GDPR art. 15) and the retention rules (gallring). Part of the site: it reads every app."""
