"""Celery entry points for jobs. Thin: each calls one service, and each is safe to run twice
(the services claim every row before sending)."""

from celery import shared_task

from jobs.services import reminders


@shared_task(name="jobs.tasks.interview_reminders_send_task")
def interview_reminders_send_task() -> int:
    return reminders.interview_reminders_send()


@shared_task(name="jobs.tasks.deadline_reminders_send_task")
def deadline_reminders_send_task() -> int:
    return reminders.deadline_reminders_send()


@shared_task(name="jobs.tasks.resume_extract_task")
def resume_extract_task(resume_id) -> str | None:
    """Read an uploaded resume. Never raises: the worker carries on, and the resume ends
    PARSED or FAILED with a message the user can read (see jobs.services.resume_intel)."""
    import logging

    from jobs.models import Resume
    from jobs.services import resume_intel

    try:
        return resume_intel.resume_extract(resume_id=resume_id).status
    except Resume.DoesNotExist:
        return None  # deleted before the worker got to it
    except Exception:
        logging.getLogger(__name__).exception("resume_extract_task failed for resume %s", resume_id)
        resume_intel.resume_extract_task_failed(resume_id=resume_id)
        return Resume.Status.FAILED


@shared_task(name="jobs.tasks.job_match_refresh_task")
def job_match_refresh_task(job_id) -> int | None:
    """Score one job against its owner's primary resume (after the job is added or edited)."""
    from jobs.services.matching import job_match_refresh

    job = job_match_refresh(job_id=job_id)
    return job.match_score if job else None


@shared_task(name="jobs.tasks.resume_matches_refresh_task")
def resume_matches_refresh_task(resume_id) -> int:
    """Re-score all the owner's jobs when ``resume_id`` is (still) their primary resume."""
    from jobs.services.matching import resume_matches_refresh

    return resume_matches_refresh(resume_id=resume_id)


@shared_task(name="jobs.tasks.user_matches_refresh_task")
def user_matches_refresh_task(user_id) -> int:
    """Re-score (or clear) a user's job matches after their primary resume changed."""
    from jobs.services.matching import user_matches_refresh

    return user_matches_refresh(user_id=user_id)
