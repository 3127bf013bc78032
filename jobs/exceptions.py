"""Domain errors of the job tracker."""


class JobMoveConflict(Exception):
    """The card was moved elsewhere since the board was loaded (another tab or device)."""

    def __init__(self, job, message: str = ""):
        self.job = job
        super().__init__(
            message
            or f"“{job.title}” was changed in another tab or device, so this move was not applied. "
            "The board now shows its latest state."
        )


class UnsafeUrl(Exception):
    """An outbound fetch was refused: private, loopback or link-local address, or not http(s)."""


class ImportFailed(Exception):
    """A page could not be fetched or held no job posting we can read."""
