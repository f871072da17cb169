import rules

from accounts.rules import is_administrator

# Employers are added by the operator's administrator (one by one in the admin site, or from a file).
rules.add_perm("employers.import_employers", rules.is_authenticated & is_administrator)
