"""Privacy: redaction of personal data from text before anything is stored (see README, "Privacy model")."""

from bot.privacy.redact import Kind, Redaction, Redactor, redact

__all__ = ["Kind", "Redaction", "Redactor", "redact"]
