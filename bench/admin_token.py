"""Prints an API token with the administrator role for the demo's `quantri`.

Administrators act as administrators only with a second factor (issue #18), so this does what
the demo's administrator does at the first sign-in: signs in on the page, enrols an
authenticator (the secret read from the enrolment page, the code computed with pyotp), keeps
one of the recovery codes shown once, and signs in through the API with it.
    python admin_token.py BASE_URL [USERNAME PASSWORD [COUNT]]
COUNT tokens (default 1), one per line, each from its own recovery code.
"""

import re
import sys

import pyotp
import requests


def csrf(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    if not m:
        sys.exit("no CSRF token on the page")
    return m.group(1)


def main() -> None:
    base = sys.argv[1].rstrip("/")
    user = sys.argv[2] if len(sys.argv) > 2 else "quantri"
    password = sys.argv[3] if len(sys.argv) > 3 else "demo-" + user
    count = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    s = requests.Session()
    page = s.get(f"{base}/sign-in").text
    r = s.post(
        f"{base}/sign-in",
        data={"csrf": csrf(page), "next": "/", "username": user, "password": password},
    )
    r.raise_for_status()
    page = s.get(f"{base}/account/totp").text
    r = s.post(f"{base}/account/totp/start", data={"csrf": csrf(page)})
    r.raise_for_status()
    page = s.get(f"{base}/account/totp").text
    m = re.search(r'<code id="totp-secret">([^<]+)</code>', page)
    if not m:
        sys.exit("no enrolment secret on /account/totp (already enrolled?)")
    secret = m.group(1).replace(" ", "")
    r = s.post(
        f"{base}/account/totp/confirm",
        data={"csrf": csrf(page), "code": pyotp.TOTP(secret).now()},
    )
    r.raise_for_status()
    codes = re.findall(r"<li><code>([^<]+)</code></li>", r.text)
    if len(codes) < count:
        sys.exit("enrolment did not show enough recovery codes")
    for code in codes[:count]:
        r = s.post(
            f"{base}/api/v1/sessions",
            json={"username": user, "password": password, "totp": code},
        )
        r.raise_for_status()
        print(r.json()["token"])


if __name__ == "__main__":
    main()
