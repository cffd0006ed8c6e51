from django.conf import settings


def site(request):
    """Settings the base layout needs on every page."""
    return {
        "WASPADA_REGENCY": settings.WASPADA_REGENCY,
        "WASPADA_TILE_URL": settings.WASPADA_TILE_URL,
        "WASPADA_TILE_ATTRIBUTION": settings.WASPADA_TILE_ATTRIBUTION,
        "WASPADA_PROFILE": settings.PROFILE,
    }
