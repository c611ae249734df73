"""The push endpoint: an agency posts items to its own address, authenticated by its secret
(a bearer token, or an HMAC-SHA256 signature of the body); nothing else may post."""

from __future__ import annotations

import hashlib
import hmac

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from wire.ingest import ingest_delivery, max_delivery_bytes
from wire.models import Agency


def push_authorised(request: HttpRequest, agency: Agency, body: bytes) -> bool:
    """Does the request carry the agency's token, or a valid signature of ``body``?"""
    secret = agency.push_secret.encode()
    authorization = request.headers.get("Authorization", "")
    if authorization.startswith("Bearer "):
        return hmac.compare_digest(authorization[len("Bearer ") :].strip().encode(), secret)
    signature = request.headers.get("X-Wire-Signature", "")
    if signature.startswith("sha256="):
        expected = hmac.new(secret, body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(signature[len("sha256=") :].strip(), expected)
    return False


@csrf_exempt  # authenticated by the agency's secret, not by a session
@require_POST
def push(request: HttpRequest, slug: str) -> JsonResponse:
    agency = get_object_or_404(Agency, slug=slug, active=True)
    length = int(request.headers.get("Content-Length") or 0)
    if length > max_delivery_bytes():
        return JsonResponse({"error": _("The delivery is too large.")}, status=413)
    body = request.body
    if not push_authorised(request, agency, body):
        return JsonResponse({"error": _("Not authorised.")}, status=403)
    lines = ingest_delivery(agency=agency, data=body, channel="push", origin="push")
    return JsonResponse(
        {
            "results": [
                {"item": line.item, "result": line.level, "message": line.message} for line in lines
            ]
        },
        status=202,
    )
