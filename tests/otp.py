"""Authenticator codes in tests, computed as an authenticator app computes them (django-otp's TOTP)."""

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def code(device, steps_ahead=0) -> str:
    """The device's six digits now, or `steps_ahead` time steps later (django-otp accepts one step
    either side, and refuses a step it has already seen)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def enrolled(user) -> TOTPDevice:
    """A confirmed authenticator of the user's, ready to take the current code: a test's logins
    may follow each other within one 30-second step, which a real user's never do."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0,
                                                   throttling_failure_timestamp=None)
    device.refresh_from_db()
    return device
