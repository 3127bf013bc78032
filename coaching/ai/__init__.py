"""The AI coach. ``providers`` is the only module that talks to a model; ``generation``
runs every request in the background; ``generators/`` hold one file per feature (its
schema, its prompt and its offline, deterministic answer); ``context`` gathers the user's
own data that grounds every answer."""
