"""The channels that are pages of the app itself: the signed-in form, the public form and the
JSON API. They have no webhook; their views build drafts from a form or a serializer.
"""

from ..models import Channel
from .base import InboundChannel


class WebChannel(InboundChannel):
    webhook = False
    answers_by_send = False

    def __init__(self, name: str):
        self.name = name


CHANNELS = [WebChannel(Channel.WEB), WebChannel(Channel.PUBLIC), WebChannel(Channel.API)]
