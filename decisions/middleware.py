"""Swedish first, and what is kept between requests checked against the register once a request."""

from django.conf import settings
from django.utils import translation

from . import selectors


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


class RegisterGenerationMiddleware:
    """Within a request, the register's committed generation (``selectors.register_cached``) is read
    from the database once, however many kept values the page uses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with selectors.read_generation_once():
            return self.get_response(request)
