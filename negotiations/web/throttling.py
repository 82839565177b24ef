"""The admin login's throttling: django-axes' database handler with a second limit, per address."""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class AddressLimitHandler(AxesDatabaseHandler):
    """Axes locks a username and address pair after AXES_FAILURE_LIMIT failures. One address trying many usernames
    (160 failures over 40 usernames locked nothing) is locked too, after AXES_ADDRESS_FAILURE_LIMIT failures over
    all of them within the cool-off time. Axes compares every lockout parameter with one limit, and an address may
    hold a few curators who each mistype their password, so the address has its own limit here: past it, every
    pair at that address counts as past its own, and axes locks it (at login, and on the failure that crosses it)."""

    def get_failures(self, request, credentials=None):
        failures = super().get_failures(request, credentials)
        if self.failures_from_address(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures

    def failures_from_address(self, request):
        attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        return attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0
