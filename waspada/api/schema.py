"""OpenAPI description of the token authentication (drf-spectacular extension)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "waspada.api.authentication.ApiTokenAuthentication"
    name = "ApiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token wsp_…` (or `Bearer wsp_…`); tokens are issued by admins.",
        }


# Error answers every operation may give, and those of operations that take a body or name one
# record. DRF writes {"detail": "..."} for most, and {"field": ["message", ...]} for invalid
# input; the request guard (waspada.web.guard) writes {"detail": "..."} for 400 and 413.
ERROR_SCHEMA = {
    "type": "object",
    "description": "`detail` for the whole request, or a list of messages per field",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}
_ALWAYS = {
    "400": "The request is not valid (a field, a NUL character, a bad query)",
    "401": "No valid API token",
    "403": "The token's user may not do this",
}
_WITH_BODY = {
    "413": "The body is larger than the server accepts",
    "415": "The body is not of a media type this operation reads",
}
_ONE_RECORD = {"404": "No such record or page, or not visible to the token's user"}


class WaspadaAutoSchema(AutoSchema):
    """drf-spectacular's schema with the error answers documented on every operation."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = dict(_ALWAYS)
        if self.method in ("POST", "PUT", "PATCH"):
            errors.update(_WITH_BODY)
        if "{" in self.path or self.method == "GET":
            errors.update(_ONE_RECORD)
        for status, description in errors.items():
            responses.setdefault(
                status,
                {
                    "content": {"application/json": {"schema": ERROR_SCHEMA}},
                    "description": description,
                },
            )
        return responses
