"""Who people are: users, their career profile and its parts, API keys, notifications."""

from __future__ import annotations

import secrets
import uuid
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone as dj_timezone
from phonenumber_field.modelfields import PhoneNumberField

from careercoach.lib.choices import ExperienceLevel, JobType, WorkMode
from careercoach.lib.models import PublicModel, TimeStampedModel


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"“{value}” is not a known time zone.")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("role", User.Role.ADMIN)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    class Role(models.TextChoices):
        JOB_SEEKER = "JOB_SEEKER", "Job seeker"
        MENTOR = "MENTOR", "Mentor"
        ADMIN = "ADMIN", "Admin"

    class Status(models.TextChoices):
        ACTIVE = "ACTIVE", "Active"
        INACTIVE = "INACTIVE", "Inactive"
        SUSPENDED = "SUSPENDED", "Suspended"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField("email address", unique=True)
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.JOB_SEEKER)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    status_reason = models.CharField(
        max_length=500, blank=True, help_text="Shown to the user when they try to log in."
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    # Kept in step with status by a CHECK constraint: Django's auth backends,
    # password reset and allauth all filter on is_active.
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    phone_number = PhoneNumberField(blank=True, null=True, unique=True)
    experience_level = models.CharField(
        max_length=20, choices=ExperienceLevel.choices, blank=True
    )
    achievement_score = models.PositiveIntegerField(default=0)
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    preferred_language = models.CharField(max_length=10, default="en")
    interview_reminder_hours = models.PositiveSmallIntegerField(
        "interview reminder (hours before)", default=24, validators=[MaxValueValidator(24 * 14)],
        help_text="How long before an interview we email you a reminder. 0 turns reminders off.",
    )
    date_joined = models.DateTimeField(default=dj_timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["role"])]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.CheckConstraint(
                condition=Q(is_active=True, status="ACTIVE") | Q(is_active=False) & ~Q(status="ACTIVE"),
                name="user_is_active_matches_status",
            ),
            models.CheckConstraint(
                condition=Q(role__in=["JOB_SEEKER", "MENTOR", "ADMIN"]), name="user_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def display_name(self) -> str:
        full = f"{self.first_name} {self.last_name}".strip()
        return full or self.email.split("@")[0]

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email

    @property
    def is_suspended(self) -> bool:
        return self.status == self.Status.SUSPENDED


def _public_slug() -> str:
    return secrets.token_urlsafe(18)


def avatar_upload_to(instance: Profile, filename: str) -> str:
    # Never reuse the uploaded name: it is user input and may collide.
    return f"avatars/{uuid.uuid4().hex}.webp"


class Profile(TimeStampedModel):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    headline = models.CharField(max_length=200, blank=True)
    bio = models.TextField(blank=True, max_length=5000)
    location = models.CharField(max_length=200, blank=True, help_text="General location")
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField("state / province", max_length=100, blank=True)
    country = models.CharField(max_length=100, blank=True)
    zip_code = models.CharField("postal code", max_length=20, blank=True)
    linkedin_url = models.URLField("LinkedIn", blank=True)
    github_url = models.URLField("GitHub", blank=True)
    portfolio_url = models.URLField("portfolio", blank=True)
    website_url = models.URLField("website", blank=True)
    current_title = models.CharField("current job title", max_length=200, blank=True)
    current_company = models.CharField(max_length=200, blank=True)
    years_of_experience = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(70)]
    )
    industry = models.CharField(max_length=100, blank=True)
    desired_title = models.CharField("desired job title", max_length=200, blank=True)
    desired_salary_min = models.PositiveIntegerField(null=True, blank=True)
    desired_salary_max = models.PositiveIntegerField(null=True, blank=True)
    salary_currency = models.CharField(max_length=3, default="USD")
    desired_work_mode = models.CharField(max_length=10, choices=WorkMode.choices, blank=True)
    desired_job_types = ArrayField(
        models.CharField(max_length=20, choices=JobType.choices), default=list, blank=True
    )
    willing_to_relocate = models.BooleanField(default=False)
    preferred_locations = ArrayField(models.CharField(max_length=100), default=list, blank=True)
    available_start_date = models.DateField(null=True, blank=True)
    avatar = models.ImageField(upload_to=avatar_upload_to, blank=True)
    current_skills = ArrayField(models.CharField(max_length=100), default=list, blank=True)
    target_skills = ArrayField(models.CharField(max_length=100), default=list, blank=True)
    is_public = models.BooleanField(
        "public profile page", default=False, help_text="Anyone with the link can see your public profile."
    )
    public_slug = models.CharField(max_length=32, unique=True, default=_public_slug, editable=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(desired_salary_min__isnull=True)
                | Q(desired_salary_max__isnull=True)
                | Q(desired_salary_max__gte=F("desired_salary_min")),
                name="profile_salary_max_gte_min",
            ),
        ]

    def __str__(self) -> str:
        return f"Profile of {self.user}"

    def clean(self) -> None:
        if (
            self.desired_salary_min is not None
            and self.desired_salary_max is not None
            and self.desired_salary_max < self.desired_salary_min
        ):
            raise ValidationError(
                {"desired_salary_max": "The maximum salary must be at least the minimum."}
            )

    @property
    def completeness(self) -> int:
        """Share (0–100) of the main profile fields that are filled in."""
        fields = [
            self.headline, self.bio, self.location or self.city, self.current_title,
            self.industry, self.desired_title, self.linkedin_url or self.github_url, self.avatar,
        ]
        return round(100 * sum(1 for f in fields if f) / len(fields))


# The editable profile fields, grouped the way every editing surface shows them
# (profile form, admin, API). The avatar and the public slug have their own services.
PROFILE_FIELD_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("About", ("headline", "bio", "industry")),
    ("Location", ("location", "city", "state", "country", "zip_code")),
    ("Links", ("linkedin_url", "github_url", "portfolio_url", "website_url")),
    ("Current role", ("current_title", "current_company", "years_of_experience")),
    (
        "Career preferences",
        (
            "desired_title", "desired_salary_min", "desired_salary_max", "salary_currency", "desired_work_mode",
            "desired_job_types", "willing_to_relocate", "preferred_locations", "available_start_date",
            "current_skills", "target_skills",
        ),
    ),
    ("Public page", ("is_public",)),
)
PROFILE_EDITABLE_FIELDS: tuple[str, ...] = tuple(name for _, names in PROFILE_FIELD_GROUPS for name in names)
# Fields of the User row that are edited together with the profile.
PROFILE_USER_FIELDS: tuple[str, ...] = (
    "first_name", "last_name", "phone_number", "experience_level", "timezone", "preferred_language",
)


class ProfileItem(PublicModel):
    """Common shape of the ordered children of a profile."""

    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "created_at"]


class Experience(ProfileItem):
    # What a user edits (form, API, autofill), in the order the form shows them.
    EDITABLE_FIELDS = (
        "title", "company", "location", "work_mode", "start_date", "end_date", "is_current",
        "description", "achievements", "technologies",
    )

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="experiences")
    company = models.CharField(max_length=200)
    title = models.CharField("job title", max_length=200)
    description = models.TextField(blank=True, max_length=5000)
    location = models.CharField(max_length=200, blank=True)
    work_mode = models.CharField(max_length=10, choices=WorkMode.choices, blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    is_current = models.BooleanField("I currently work here", default=False)
    achievements = ArrayField(models.CharField(max_length=500), default=list, blank=True)
    technologies = ArrayField(models.CharField(max_length=100), default=list, blank=True)

    class Meta(ProfileItem.Meta):
        indexes = [models.Index(fields=["profile", "sort_order"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="experience_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(is_current=False) | Q(end_date__isnull=True),
                name="experience_current_has_no_end",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} at {self.company}"

    def clean(self) -> None:
        if self.is_current and self.end_date:
            raise ValidationError({"end_date": "Leave the end date empty for a current position."})
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date cannot be before the start date."})


class Education(ProfileItem):
    EDITABLE_FIELDS = (
        "institution", "degree", "field_of_study", "location", "start_date", "end_date", "is_current",
        "gpa", "achievements", "coursework",
    )

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="educations")
    institution = models.CharField(max_length=200)
    degree = models.CharField(max_length=200)
    field_of_study = models.CharField(max_length=200, blank=True)
    location = models.CharField(max_length=200, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    is_current = models.BooleanField("I study here now", default=False)
    gpa = models.DecimalField(
        "GPA", max_digits=4, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    achievements = ArrayField(models.CharField(max_length=500), default=list, blank=True)
    coursework = ArrayField(models.CharField(max_length=200), default=list, blank=True)

    class Meta(ProfileItem.Meta):
        indexes = [models.Index(fields=["profile", "sort_order"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="education_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.degree}, {self.institution}"

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date cannot be before the start date."})


class Skill(ProfileItem):
    class Level(models.TextChoices):
        BEGINNER = "BEGINNER", "Beginner"
        INTERMEDIATE = "INTERMEDIATE", "Intermediate"
        ADVANCED = "ADVANCED", "Advanced"
        EXPERT = "EXPERT", "Expert"

    EDITABLE_FIELDS = ("name", "category", "level", "years_of_experience")

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="skills")
    name = models.CharField(max_length=100)
    category = models.CharField(max_length=100, blank=True)
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.INTERMEDIATE)
    years_of_experience = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(70)]
    )
    endorsements = models.PositiveIntegerField(default=0)

    class Meta(ProfileItem.Meta):
        indexes = [models.Index(fields=["profile", "sort_order"]), models.Index(fields=["category"])]
        constraints = [
            models.UniqueConstraint("profile", Lower("name"), name="skill_unique_name_per_profile"),
        ]

    def __str__(self) -> str:
        return self.name


class Certification(ProfileItem):
    EDITABLE_FIELDS = (
        "name", "issuing_organization", "issue_date", "expiry_date", "does_not_expire",
        "credential_id", "credential_url",
    )

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="certifications")
    name = models.CharField(max_length=200)
    issuing_organization = models.CharField(max_length=200)
    issue_date = models.DateField(null=True, blank=True)
    expiry_date = models.DateField(null=True, blank=True)
    does_not_expire = models.BooleanField(default=False)
    credential_id = models.CharField(max_length=200, blank=True)
    credential_url = models.URLField(blank=True)

    class Meta(ProfileItem.Meta):
        indexes = [models.Index(fields=["profile", "sort_order"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(expiry_date__isnull=True) | Q(issue_date__isnull=True) | Q(expiry_date__gte=F("issue_date")),
                name="certification_expiry_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(does_not_expire=False) | Q(expiry_date__isnull=True),
                name="certification_no_expiry_when_lifetime",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.does_not_expire and self.expiry_date:
            raise ValidationError({"expiry_date": "Leave the expiry date empty for a lifetime certification."})
        if self.expiry_date and self.issue_date and self.expiry_date < self.issue_date:
            raise ValidationError({"expiry_date": "The expiry date cannot be before the issue date."})


class ApiKey(PublicModel):
    """A personal API key. Only a SHA-256 hash of the key is stored; the prefix
    identifies it in lists and lets us find the row without scanning hashes."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = ArrayField(models.CharField(max_length=50), default=list)
    is_active = models.BooleanField(default=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "is_active"])]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="apikey_name_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= dj_timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.is_active and not self.is_expired


class Notification(PublicModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=50)
    text = models.CharField(max_length=500)
    link = models.CharField(max_length=500, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["user", "-created_at"], condition=Q(read_at__isnull=True), name="notification_unread_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.text[:40]}"
