"""The screens of the terminal UI: chat, article and help."""
