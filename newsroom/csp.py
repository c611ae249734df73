"""Content-Security-Policy: give the admin's inline import map this request's nonce.

django-prose-editor renders its ES module import map as an inline
``<script type="importmap">`` (through django-js-asset). The policy allows no
inline script without a nonce, so every admin page's form media is rendered
with the nonce django-csp made for the request; the header then carries it.
"""

from js_asset.media import Media


class MediaNonceMiddleware:
    """Render a template response's ``media`` (admin forms) with the request's CSP nonce."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_template_response(self, request, response):
        context = getattr(response, "context_data", None)  # gone from cached responses
        media = context.get("media") if isinstance(context, dict) else None
        nonce = getattr(request, "csp_nonce", None)
        if media is not None and nonce is not None:
            context["media"] = Media.from_media(media, nonce=nonce)
        return response
