"""Serializers of the jobs API. Input serializers only parse and validate; the views
hand ``validated_data`` to the services, which do the writing."""

from __future__ import annotations

import re
import uuid

from rest_framework import serializers

from careercoach.lib.choices import ExperienceLevel, JobType, WorkMode
from jobs.models import Application, Interview, Job, JobPosting, JobStatus, Resume, StatusChange
from jobs.services.tracking import JOB_EDITABLE_FIELDS

_CURRENCY = re.compile(r"^[A-Z]{3}$")
DUPLICATE_POSTING = "A posting with this link is already in the catalog."
MOVE_HINT = "Change the status and position with POST /api/v1/jobs/{id}/move/."


def _validate_currency(value: str) -> str:
    value = value.strip().upper()
    if not _CURRENCY.match(value):
        raise serializers.ValidationError("Use a three-letter ISO 4217 code, e.g. USD or EUR.")
    return value


def _validate_salary_range(attrs: dict, instance=None) -> None:
    """max >= min, looking at the stored value of the one not being changed."""
    low = attrs.get("salary_min", getattr(instance, "salary_min", None))
    high = attrs.get("salary_max", getattr(instance, "salary_max", None))
    if low is not None and high is not None and high < low:
        raise serializers.ValidationError({"salary_max": ["The maximum salary cannot be below the minimum."]})


class OwnedRelatedField(serializers.PrimaryKeyRelatedField):
    """A UUID that must name one of the requesting user's objects. Anyone else's id
    answers exactly like a missing one."""

    default_error_messages = {
        "does_not_exist": "You have no {model} with id “{pk_value}”.",
        "incorrect_type": "Expected an id (UUID), got {data_type}.",
    }

    def __init__(self, *, model, noun: str, **kwargs):
        self.noun = noun
        kwargs.setdefault("pk_field", serializers.UUIDField())
        super().__init__(queryset=model.objects.all(), **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.queryset.none()
        return self.queryset.filter(user=user)

    def fail(self, key, **kwargs):
        if key == "does_not_exist":
            kwargs["model"] = self.noun
        super().fail(key, **kwargs)


# --- Jobs ---------------------------------------------------------------------------------


class JobSerializer(serializers.ModelSerializer):
    posting = serializers.PrimaryKeyRelatedField(read_only=True, pk_field=serializers.UUIDField())

    class Meta:
        model = Job
        fields = [
            "id", *JOB_EDITABLE_FIELDS, "status", "position", "version", "posting", "applied_at",
            "status_changed_at", "match_score", "created_at", "updated_at",
        ]
        read_only_fields = fields


class JobUpdateSerializer(serializers.ModelSerializer):
    """Every editable field, all optional on PATCH. Status and position belong to the move endpoint."""

    class Meta:
        model = Job
        fields = list(JOB_EDITABLE_FIELDS)

    def to_internal_value(self, data):
        if isinstance(data, dict):
            moved = [name for name in ("status", "position") if name in data]
            if moved:
                raise serializers.ValidationError({name: [MOVE_HINT] for name in moved})
        return super().to_internal_value(data)

    def validate_currency(self, value: str) -> str:
        return _validate_currency(value)

    def validate(self, attrs: dict) -> dict:
        _validate_salary_range(attrs, self.instance)
        return attrs


class JobCreateSerializer(JobUpdateSerializer):
    status = serializers.ChoiceField(choices=JobStatus.choices, required=False, help_text="Defaults to INTERESTED.")

    class Meta(JobUpdateSerializer.Meta):
        fields = [*JOB_EDITABLE_FIELDS, "status"]

    def to_internal_value(self, data):
        return serializers.ModelSerializer.to_internal_value(self, data)


class JobMoveSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=JobStatus.choices)
    position = serializers.IntegerField(
        min_value=0, required=False, allow_null=True, help_text="0 is the top of the column; omit for the bottom."
    )
    version = serializers.IntegerField(
        min_value=1, required=False, allow_null=True,
        help_text="The job's version as you last saw it: if it has changed since, the move is refused with 409.",
    )
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class StatusChangeSerializer(serializers.ModelSerializer):
    changed_at = serializers.DateTimeField(source="created_at", read_only=True)

    class Meta:
        model = StatusChange
        fields = ["from_status", "to_status", "reason", "changed_at"]
        read_only_fields = fields


class JobListQuerySerializer(serializers.Serializer):
    status = serializers.MultipleChoiceField(choices=JobStatus.choices, required=False)
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)
    work_mode = serializers.ChoiceField(choices=WorkMode.choices, required=False)
    job_type = serializers.ChoiceField(choices=JobType.choices, required=False)
    has_upcoming_interview = serializers.BooleanField(required=False, default=False)


# --- Applications ---------------------------------------------------------------------------

APPLICATION_FIELDS = ["method", "status", "cover_letter", "confirmation_number", "submitted_at", "response_at", "notes"]


class ApplicationSerializer(serializers.ModelSerializer):
    job = serializers.PrimaryKeyRelatedField(read_only=True, pk_field=serializers.UUIDField())
    resume = serializers.PrimaryKeyRelatedField(read_only=True, pk_field=serializers.UUIDField())

    class Meta:
        model = Application
        fields = ["id", "job", "resume", *APPLICATION_FIELDS, "created_at", "updated_at"]
        read_only_fields = fields


class ApplicationCreateSerializer(serializers.ModelSerializer):
    job = OwnedRelatedField(model=Job, noun="job")
    resume = OwnedRelatedField(model=Resume, noun="resume", required=False, allow_null=True)

    class Meta:
        model = Application
        fields = ["job", "resume", *APPLICATION_FIELDS]
        # The one-application-per-job rule is checked in validate(), with a clearer message.
        validators: list = []

    def validate(self, attrs: dict) -> dict:
        job = attrs.get("job")
        if job is not None and Application.objects.filter(job=job).exists():
            raise serializers.ValidationError(
                {"job": ["This job already has an application: change that one (PATCH /api/v1/applications/{id}/)."]}
            )
        return attrs


class ApplicationUpdateSerializer(serializers.ModelSerializer):
    resume = OwnedRelatedField(model=Resume, noun="resume", required=False, allow_null=True)

    class Meta:
        model = Application
        fields = ["resume", *APPLICATION_FIELDS]

    def to_internal_value(self, data):
        if isinstance(data, dict) and "job" in data:
            raise serializers.ValidationError({"job": ["An application stays with its job; delete it and apply again."]})
        return super().to_internal_value(data)


class ApplicationListQuerySerializer(serializers.Serializer):
    job = serializers.UUIDField(required=False)


# --- Interviews -----------------------------------------------------------------------------

INTERVIEW_FIELDS = [
    "type", "scheduled_at", "duration_minutes", "location", "meeting_link", "interviewer", "outcome",
    "prep_notes", "questions_asked", "feedback",
]


class InterviewSerializer(serializers.ModelSerializer):
    job = serializers.PrimaryKeyRelatedField(read_only=True, pk_field=serializers.UUIDField())
    application = serializers.PrimaryKeyRelatedField(read_only=True, pk_field=serializers.UUIDField())

    class Meta:
        model = Interview
        fields = ["id", "job", "application", *INTERVIEW_FIELDS, "created_at", "updated_at"]
        read_only_fields = fields


class InterviewUpdateSerializer(serializers.ModelSerializer):
    duration_minutes = serializers.IntegerField(min_value=5, max_value=24 * 60, required=False)
    questions_asked = serializers.ListField(
        child=serializers.CharField(max_length=500), required=False, max_length=200
    )

    class Meta:
        model = Interview
        fields = list(INTERVIEW_FIELDS)

    def to_internal_value(self, data):
        if isinstance(data, dict) and "job" in data:
            raise serializers.ValidationError({"job": ["An interview stays with its job; delete it and add a new one."]})
        return super().to_internal_value(data)


class InterviewCreateSerializer(InterviewUpdateSerializer):
    job = OwnedRelatedField(model=Job, noun="job")

    class Meta(InterviewUpdateSerializer.Meta):
        fields = ["job", *INTERVIEW_FIELDS]

    def to_internal_value(self, data):
        return serializers.ModelSerializer.to_internal_value(self, data)


class InterviewListQuerySerializer(serializers.Serializer):
    job = serializers.UUIDField(required=False)
    upcoming = serializers.BooleanField(
        required=False, default=False, help_text="Only interviews not over yet, soonest first."
    )


# --- Postings -------------------------------------------------------------------------------

POSTING_FIELDS = [
    "title", "company", "location", "is_remote", "description", "requirements", "salary_min", "salary_max",
    "currency", "experience_level", "job_type", "posted_at", "source_url",
]


class PostingSerializer(serializers.ModelSerializer):
    bookmarked = serializers.SerializerMethodField()
    tracked_job = serializers.SerializerMethodField(help_text="Your job tracking this posting, if any.")

    class Meta:
        model = JobPosting
        fields = ["id", *POSTING_FIELDS, "source", "is_active", "bookmarked", "tracked_job", "created_at", "updated_at"]
        read_only_fields = fields

    def get_bookmarked(self, obj: JobPosting) -> bool:
        return bool(getattr(obj, "is_bookmarked", False))

    def get_tracked_job(self, obj: JobPosting) -> uuid.UUID | None:
        return getattr(obj, "tracked_job_id", None)


class PostingSummarySerializer(PostingSerializer):
    """A search result: the posting without its full description (open it for that)."""

    class Meta(PostingSerializer.Meta):
        fields = [name for name in PostingSerializer.Meta.fields if name != "description"]
        read_only_fields = fields


class PostingCreateSerializer(serializers.ModelSerializer):
    posted_at = serializers.DateTimeField(required=False, help_text="Defaults to now.")
    requirements = serializers.ListField(
        child=serializers.CharField(max_length=300), required=False, max_length=100
    )

    class Meta:
        model = JobPosting
        fields = POSTING_FIELDS
        # source_url's uniqueness is answered by the service (a clear 400, not a 500).
        extra_kwargs = {"source_url": {"validators": []}}

    def validate_currency(self, value: str) -> str:
        return _validate_currency(value)

    def validate_source_url(self, value: str | None) -> str | None:
        if value and JobPosting.objects.filter(source_url=value).exists():
            raise serializers.ValidationError(DUPLICATE_POSTING)
        return value

    def validate(self, attrs: dict) -> dict:
        _validate_salary_range(attrs)
        return attrs


class PostingSearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200, help_text="Full-text search.")
    location = serializers.CharField(required=False, allow_blank=True, max_length=200)
    remote = serializers.BooleanField(required=False, default=False, help_text="Only remote postings.")
    salary_min = serializers.IntegerField(required=False, min_value=0, help_text="Pays at least this much.")
    salary_max = serializers.IntegerField(required=False, min_value=0, help_text="Starts at or below this.")
    experience_level = serializers.ChoiceField(choices=ExperienceLevel.choices, required=False)
    job_type = serializers.ChoiceField(choices=JobType.choices, required=False)
    posted_within_days = serializers.IntegerField(required=False, min_value=1, max_value=3650)
    cursor = serializers.CharField(required=False, max_length=200, help_text="`next` of the previous page.")
    limit = serializers.IntegerField(required=False, min_value=1, max_value=100, default=20)

    def validate(self, attrs: dict) -> dict:
        _validate_salary_range(attrs)
        return attrs


class PostingPageSerializer(serializers.Serializer):
    results = PostingSummarySerializer(many=True)
    next = serializers.CharField(allow_null=True, help_text="Pass as `cursor` for the next page; null on the last.")


class BookmarkSerializer(serializers.Serializer):
    bookmarked = serializers.BooleanField()


# --- Errors (documentation only) ---------------------------------------------------------------


class ErrorBodySerializer(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)


class ErrorSerializer(serializers.Serializer):
    error = ErrorBodySerializer()


class ConflictBodySerializer(ErrorBodySerializer):
    job = JobSerializer(help_text="The job as it is now.")


class ConflictSerializer(serializers.Serializer):
    error = ConflictBodySerializer()
