"""JSON answers of an app's rich-text image upload view, in the shape editor.js expects."""

from __future__ import annotations

from django.http import JsonResponse


def image_uploaded(url: str, alt: str) -> JsonResponse:
    return JsonResponse({"errno": 0, "data": {"url": url, "alt": alt}})


def upload_failed(messages, status: int = 400) -> JsonResponse:
    text = " ".join(str(m) for m in messages)
    return JsonResponse({"errno": 1, "message": text}, status=status)
