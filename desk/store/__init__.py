"""Persistence: typed ORM models, engine set-up, migrations and the queries other rooms share."""
