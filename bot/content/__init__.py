"""Answer files: load, validate, render to Telegram HTML, serve and reload."""
