"""Screens of the indicators module: thin views that parse input, call a service or selector, render."""
