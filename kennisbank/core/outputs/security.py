"""The security headers the published site is built to satisfy; deploy/ configurations repeat them (a test checks).

The pages need nothing from other hosts and no inline script or style (Material's inline scripts are moved
to files in kennisbank/theme/), so the policy can stay strict.
"""
from __future__ import annotations

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",          # Material's icons are data: SVGs in its stylesheet
    "font-src 'self'",
    "connect-src 'self'",            # the search index
    "worker-src 'self'",             # the search worker
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
))

SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "SAMEORIGIN",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def meta_policy(live_reload: bool = False) -> str:
    """The policy for a <meta> tag, for hosts that cannot send headers (GitHub Pages, GitLab Pages, a plain folder).
    Browsers ignore frame-ancestors there and warn about it, so it is left out. `mkdocs serve` injects an inline
    live-reload script into every page; only there inline scripts are allowed (what the policy keeps out while
    serving: requests to other hosts). The site itself never depends on the policy: record text is inert without it."""
    directives = [d for d in CONTENT_SECURITY_POLICY.split("; ") if not d.startswith("frame-ancestors")]
    if live_reload:
        directives = [d + " 'unsafe-inline'" if d.startswith("script-src") else d for d in directives]
    return "; ".join(directives)
