"""The basement: web and text tools every app may use (docs/architecture.md#common).

Nothing here imports a project app, so `cases/` may use it too; what a tool needs to know of
the domain (who may open a page) is passed in by the caller.
"""
