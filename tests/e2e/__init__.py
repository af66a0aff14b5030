"""End-to-end tests over real HTTP: the bot, the Rasa server and a Bot API emulator."""
