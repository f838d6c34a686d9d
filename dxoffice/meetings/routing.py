"""The live channel's routes (joined by the project's ASGI application behind the session login)."""

from django.urls import path

from dxoffice.meetings.consumers import MeetingConsumer

websocket_urlpatterns = [path("ws/meetings/<int:meeting_id>/", MeetingConsumer.as_asgi())]
