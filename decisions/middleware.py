"""Swedish first: the language is Swedish unless the reader chose another with the switcher."""

from django.conf import settings
from django.utils import translation


class LanguageChoiceMiddleware:
    """Like Django's LocaleMiddleware, but ignores the browser's Accept-Language header, so a
    clerk on an English-language computer still gets the Swedish register until they switch."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response
