"""Site-wide helpers every app may use: htmx request typing, form fields and widgets,
money formatting, JSON answers, charts, Markdown, and the template tags.

Nothing here imports a project app (an import-linter contract holds it), so any layer
can use these without pulling in data or answers.
"""
