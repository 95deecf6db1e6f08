"""`planner serve`: the workspace's plan as a live page, with calendar feeds and done/skip forms.

``app.create_app(workspace, store, clock, host=...)`` builds the Starlette app; ``live`` keeps
the plan in step with the files and the store, ``feeds`` makes the iCalendar feeds, ``page``
the page (through ``planner.views``), ``security`` the token, CSRF and header rules.
"""
