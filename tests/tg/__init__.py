"""Tests of the Telegram adapter: in-process over a recording Bot API, and end to end over HTTP (e2e/)."""
