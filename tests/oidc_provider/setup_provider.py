"""Migrate the test provider, create its users and xxgk's client; print {username: subject} as JSON."""

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.oidc_provider.settings")
django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from oauth2_provider.models import Application  # noqa: E402


def main() -> None:
    client_id, client_secret, redirect_uri, post_logout = sys.argv[1:5]
    call_command("migrate", verbosity=0)
    subjects = {}
    for username in json.loads(os.environ["PROVIDER_CLAIMS"]):
        subjects[username] = str(User.objects.create_user(username=username, password="provider-pass-1").pk)
    Application.objects.create(
        name="xxgk", client_id=client_id, client_secret=client_secret, client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE, redirect_uris=redirect_uri,
        post_logout_redirect_uris=post_logout, algorithm=Application.RS256_ALGORITHM, skip_authorization=True)
    print(json.dumps(subjects))


main()
