"""One module per feature; importing this package registers every generator."""

from coaching.ai.generators import (  # noqa: F401
    chat,
    cover_letter,
    goal,
    insight,
    interview,
    quiz,
    story,
)
