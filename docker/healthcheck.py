"""Container health check: GET /healthz on the local gunicorn (stdlib only).

The Host header is the first entry of ALLOWED_HOSTS, so Django does not refuse the
probe as an unknown host; X-Forwarded-Proto keeps SECURE_SSL_REDIRECT out of the way.
"""

import os
import sys
import urllib.error
import urllib.request


def _host() -> str:
    for entry in os.environ.get("ALLOWED_HOSTS", "localhost").split(","):
        entry = entry.strip().lstrip(".")
        if entry and entry != "*":
            return entry
    return "localhost"


def main() -> int:
    url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/healthz"
    request = urllib.request.Request(url, headers={"Host": _host(), "X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=4) as response:
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as exc:
        print(f"healthcheck failed: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
