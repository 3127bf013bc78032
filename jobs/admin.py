"""Back office for the job search: the shared catalog and everyone's tracked jobs.

Writes go through the services, as everywhere: a posting is created and changed with
posting_create/posting_update, a job with job_create/job_update (its column and
position move only on the board, so they are read-only here), applications and
interviews with their services (which keep the job's status and history in step).
Files (documents, resumes) are never replaced here: uploads go through the checks
of the upload services. The status history is read-only.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from accounts.admin import URL_FIELD_OVERRIDES
from accounts.forms import ListField
from jobs.forms_catalog import PostingImportForm
from jobs.models import (
    Application,
    AtsReport,
    CalendarFeed,
    Document,
    Interview,
    Job,
    JobBookmark,
    JobPosting,
    Resume,
    StatusChange,
)
from jobs.search import POSTED_AT_MAX_AHEAD
from jobs.selectors.catalog import posting_source_url_taken
from jobs.services import applications as application_services
from jobs.services import catalog as catalog_services
from jobs.services import interviews as interview_services
from jobs.services import resumes as resume_services
from jobs.services import tracking
from jobs.services.applications import APPLICATION_EDITABLE_FIELDS
from jobs.services.interviews import INTERVIEW_EDITABLE_FIELDS
from jobs.services.tracking import JOB_EDITABLE_FIELDS

# How many rejected rows of an import the admin message lists (the command lists all).
IMPORT_REJECTIONS_SHOWN = 20


class ServiceRefused(Exception):
    """A service refused a save the form had accepted (a race): nothing was written."""


class ServiceSaveAdmin(admin.ModelAdmin):
    """Saves through ``service_save``. If the service refuses (ValidationError), the
    whole admin transaction is rolled back and the form is shown again with the
    reason, instead of an error page or a "saved" message for nothing."""

    formfield_overrides = URL_FIELD_OVERRIDES

    def service_save(self, request, obj, form, change: bool):
        raise NotImplementedError

    def save_model(self, request, obj, form, change) -> None:
        try:
            saved = self.service_save(request, obj, form, change)
        except ValidationError as e:
            raise ServiceRefused(" ".join(e.messages)) from e
        if saved is not None and saved is not obj:
            # The admin goes on with ``obj`` (log entry, redirect): make it the saved row.
            obj.__dict__.update(saved.__dict__)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceRefused as e:
            self.message_user(request, f"Nothing was saved: {e}", messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


def _formfield(model_field: models.Field, **kwargs):
    # Django 6 makes https the default scheme of typed-in links (URL_FIELD_OVERRIDES).
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return model_field.formfield(**kwargs)


def _changed(form, names) -> dict:
    return {name: form.cleaned_data[name] for name in names if name in form.cleaned_data and name in form.changed_data}


def _fields(form, names) -> dict:
    return {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}


# --- Catalog ----------------------------------------------------------------------------------------


class PostingAdminForm(forms.ModelForm):
    requirements = ListField(lines=True, item_max_length=300, max_items=100, label="Requirements",
                             help_text="One per line.")

    class Meta:
        model = JobPosting
        formfield_callback = _formfield
        fields = list(catalog_services.POSTING_FIELDS)

    def clean_source_url(self):
        url = self.cleaned_data.get("source_url") or None
        if posting_source_url_taken(url=url, exclude_pk=self.instance.pk if not self.instance._state.adding else None):
            raise ValidationError(catalog_services.SOURCE_URL_TAKEN_MESSAGE)
        return url

    def clean_posted_at(self):
        posted_at = self.cleaned_data.get("posted_at")
        if posted_at and posted_at > timezone.now() + POSTED_AT_MAX_AHEAD:
            raise ValidationError(catalog_services.FUTURE_DATE_MESSAGE)
        return posted_at


class SalaryStatedFilter(admin.SimpleListFilter):
    title = "salary"
    parameter_name = "salary"

    def lookups(self, request, model_admin):
        return [("yes", "Says its salary"), ("no", "No salary")]

    def queryset(self, request, queryset):
        stated = models.Q(salary_min__isnull=False) | models.Q(salary_max__isnull=False)
        if self.value() == "yes":
            return queryset.filter(stated)
        if self.value() == "no":
            return queryset.exclude(stated)
        return queryset


@admin.register(JobPosting)
class JobPostingAdmin(ServiceSaveAdmin):
    form = PostingAdminForm
    change_list_template = "admin/jobs/jobposting/change_list.html"
    list_display = ["title", "company", "location", "is_remote", "salary", "experience_level", "job_type",
                    "posted_at", "is_active"]
    list_filter = ["is_active", "is_remote", "experience_level", "job_type", "source", SalaryStatedFilter, "posted_at"]
    search_fields = ["title", "company"]
    # The catalog may hold a million rows: no second COUNT(*) for "x of y" in the list.
    show_full_result_count = False
    readonly_fields = ["id", "source", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "company", "location", "is_remote", "description", "requirements"]}),
        ("Salary", {"fields": ["salary_min", "salary_max", "currency"]}),
        ("Details", {"fields": ["experience_level", "job_type", "posted_at", "source_url", "is_active"]}),
        ("Record", {"fields": ["id", "source", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]
    actions = ["deactivate", "activate"]

    @admin.display(description="salary", ordering="salary_min")
    def salary(self, obj: JobPosting) -> str:
        low, high = obj.salary_min, obj.salary_max
        if low is None and high is None:
            return "—"
        if low is not None and high is not None and low != high:
            return f"{obj.currency} {low:,}–{high:,}"
        if high is None:
            return f"from {obj.currency} {low:,}"
        if low is None:
            return f"up to {obj.currency} {high:,}"
        return f"{obj.currency} {low:,}"

    def service_save(self, request, obj, form, change):
        data = _fields(form, catalog_services.POSTING_FIELDS)
        if change:
            return catalog_services.posting_update(posting=obj, data=_changed(form, catalog_services.POSTING_FIELDS))
        return catalog_services.posting_create(data=data, source=JobPosting.Source.ADMIN)

    def _report(self, request, verb: str, changed: int, total: int) -> None:
        message = f"{verb} {changed} {model_ngettext(self.opts, changed)}."
        if total - changed:
            message += f" {total - changed} already {verb.lower()}."
        self.message_user(request, message, messages.SUCCESS if changed else messages.INFO)

    @admin.action(description="Deactivate selected postings (hide from the catalog)", permissions=["change"])
    def deactivate(self, request, queryset: QuerySet[JobPosting]) -> None:
        total = queryset.count()
        self._report(request, "Deactivated", catalog_services.postings_set_active(postings=queryset, active=False), total)

    @admin.action(description="Activate selected postings", permissions=["change"])
    def activate(self, request, queryset: QuerySet[JobPosting]) -> None:
        total = queryset.count()
        self._report(request, "Activated", catalog_services.postings_set_active(postings=queryset, active=True), total)

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="jobs_jobposting_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload a JSON lines or CSV file of postings: the same import as the command."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = PostingImportForm(request.POST, request.FILES) if request.method == "POST" else PostingImportForm()
        if form.is_bound and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = catalog_services.posting_file_import(
                    stream=upload, filename=upload.name, keep_rejections=IMPORT_REJECTIONS_SHOWN
                )
            except catalog_services.ImportFileError as e:
                form.add_error("file", str(e))
            else:
                self._import_messages(request, upload.name, report)
                return redirect("admin:jobs_jobposting_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": "Import postings",
            "subtitle": None,
            "opts": self.opts,
            "form": form,
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/jobs/jobposting/import.html", context)

    def _import_messages(self, request, name: str, report) -> None:
        level = messages.SUCCESS if not report.rejected else messages.WARNING
        self.message_user(request, f"{name}: {report.summary}.", level)
        for rejection in report.rejections:
            self.message_user(request, f"Rejected {rejection}", messages.WARNING)
        if report.rejected > len(report.rejections):
            more = report.rejected - len(report.rejections)
            self.message_user(
                request, f"… and {more} more rejected rows (run “manage.py import_postings” to list them all).",
                messages.WARNING,
            )


@admin.register(JobBookmark)
class JobBookmarkAdmin(admin.ModelAdmin):
    list_display = ["posting", "user", "created_at"]
    list_select_related = ["posting", "user"]
    list_filter = ["created_at"]
    search_fields = ["user__email", "posting__title", "posting__company"]
    raw_id_fields = ["user", "posting"]
    readonly_fields = ["created_at", "updated_at"]


# --- Tracked jobs -----------------------------------------------------------------------------------


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    fields = ["created_at", "from_status", "to_status", "reason", "changed_by"]
    readonly_fields = fields
    ordering = ["created_at", "id"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class JobAdminForm(forms.ModelForm):
    class Meta:
        model = Job
        formfield_callback = _formfield
        fields = ["user", "posting", "status", *JOB_EDITABLE_FIELDS]

    def clean(self):
        cleaned = super().clean()
        user, posting = cleaned.get("user"), cleaned.get("posting")
        if not self.instance._state.adding:
            return cleaned
        if user and posting and Job.objects.filter(user=user, posting=posting).exists():
            self.add_error("posting", "This user already tracks this posting.")
        return cleaned


@admin.register(Job)
class JobAdmin(ServiceSaveAdmin):
    form = JobAdminForm
    list_display = ["title", "company", "user", "status", "work_mode", "job_type", "application_deadline", "created_at"]
    list_select_related = ["user"]
    list_filter = ["status", "work_mode", "job_type", "created_at"]
    search_fields = ["title", "company", "location", "user__email"]
    raw_id_fields = ["user", "posting"]

    def get_inlines(self, request, obj):
        return [StatusChangeInline] if obj is not None else []  # a new job has no history yet
    # Moves happen on the board (job_move writes the history); AI fields come from the coach.
    board_fields = ["status", "position", "version", "status_changed_at", "applied_at"]
    record_fields = ["id", "match_score", "ai_analysis", "created_at", "updated_at"]

    def get_fieldsets(self, request, obj=None):
        if obj is None:  # a new job: whose, from which posting, in which column
            return [(None, {"fields": ["user", "posting", "status"]}), ("The job", {"fields": list(JOB_EDITABLE_FIELDS)})]
        return [
            (None, {"fields": ["user", "posting"]}),
            ("The job", {"fields": list(JOB_EDITABLE_FIELDS)}),
            ("On the board", {"fields": self.board_fields, "classes": ["collapse"]}),
            ("Record", {"fields": self.record_fields, "classes": ["collapse"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["user", "posting", *self.board_fields, *self.record_fields]

    def service_save(self, request, obj, form, change):
        if change:
            return tracking.job_update(job=obj, data=_changed(form, JOB_EDITABLE_FIELDS))
        return tracking.job_create(
            user=form.cleaned_data["user"], posting=form.cleaned_data.get("posting"),
            status=form.cleaned_data["status"], data=_fields(form, JOB_EDITABLE_FIELDS),
        )


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    """The history of board moves: written only by job_move, never edited."""

    list_display = ["job", "from_status", "to_status", "reason", "changed_by", "created_at"]
    list_select_related = ["job", "changed_by"]
    list_filter = ["to_status", "from_status", "created_at"]
    search_fields = ["job__title", "job__company", "job__user__email", "reason"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def _owner_error(form, *related: str) -> None:
    """Related rows must belong to the same user as the row itself (the user field on
    the add page; the row's own user, read-only, on the change page)."""
    owner = form.cleaned_data.get("user") if form.instance._state.adding else form.instance.user
    for name in related:
        value = form.cleaned_data.get(name)
        if owner and value is not None and value.user_id != owner.pk:
            form.add_error(name, f"This {name} belongs to another user.")


class ApplicationAdminForm(forms.ModelForm):
    class Meta:
        model = Application
        formfield_callback = _formfield
        fields = ["user", "job", *APPLICATION_EDITABLE_FIELDS]

    def clean(self):
        cleaned = super().clean()
        if self.instance._state.adding:
            _owner_error(self, "job", "resume")
        else:
            _owner_error(self, "resume")
            allowed = dict(application_services.application_status_choices(self.instance.status))
            if cleaned.get("status") and cleaned["status"] not in allowed:
                self.add_error("status", "An application's status only moves forward (Draft → Submitted → …).")
        return cleaned


@admin.register(Application)
class ApplicationAdmin(ServiceSaveAdmin):
    form = ApplicationAdminForm
    list_display = ["job", "user", "status", "method", "submitted_at", "response_at", "created_at"]
    list_select_related = ["job", "user"]
    list_filter = ["status", "method", "submitted_at", "created_at"]
    search_fields = ["job__title", "job__company", "user__email", "confirmation_number"]
    raw_id_fields = ["user", "job", "resume"]

    def get_readonly_fields(self, request, obj=None):
        return ["id", "created_at", "updated_at"] if obj is None else [
            "id", "user", "job", "submitted_at", "created_at", "updated_at"]

    def get_fields(self, request, obj=None):
        owner = ["user", "job"]
        return [*owner, *APPLICATION_EDITABLE_FIELDS, "id", "submitted_at", "created_at", "updated_at"] if obj else [
            *owner, *APPLICATION_EDITABLE_FIELDS]

    def service_save(self, request, obj, form, change):
        if change:
            return application_services.application_update(
                application=obj, data=_changed(form, APPLICATION_EDITABLE_FIELDS), by=request.user
            )
        return application_services.application_create(
            user=form.cleaned_data["user"], job=form.cleaned_data["job"], data=_fields(form, APPLICATION_EDITABLE_FIELDS)
        )


class InterviewAdminForm(forms.ModelForm):
    questions_asked = ListField(lines=True, item_max_length=500, max_items=100, label="Questions asked")

    class Meta:
        model = Interview
        formfield_callback = _formfield
        fields = ["user", "job", *INTERVIEW_EDITABLE_FIELDS]

    def clean(self):
        cleaned = super().clean()
        if self.instance._state.adding:
            _owner_error(self, "job")
        return cleaned


@admin.register(Interview)
class InterviewAdmin(ServiceSaveAdmin):
    form = InterviewAdminForm
    list_display = ["job", "user", "type", "scheduled_at", "duration_minutes", "outcome", "reminder_sent_at"]
    list_select_related = ["job", "user"]
    list_filter = ["type", "outcome", "scheduled_at"]
    search_fields = ["job__title", "job__company", "user__email", "interviewer"]
    raw_id_fields = ["user", "job"]
    date_hierarchy = "scheduled_at"

    def get_fields(self, request, obj=None):
        record = ["application", "reminder_sent_at", "id", "created_at", "updated_at"]
        return ["user", "job", *INTERVIEW_EDITABLE_FIELDS, *(record if obj else [])]

    def get_readonly_fields(self, request, obj=None):
        record = ["application", "reminder_sent_at", "id", "created_at", "updated_at"]
        return record if obj is None else ["user", "job", *record]

    def service_save(self, request, obj, form, change):
        if change:
            return interview_services.interview_update(interview=obj, data=_changed(form, INTERVIEW_EDITABLE_FIELDS))
        return interview_services.interview_schedule(
            user=form.cleaned_data["user"], job=form.cleaned_data["job"], data=_fields(form, INTERVIEW_EDITABLE_FIELDS)
        )


class _UploadAdmin(admin.ModelAdmin):
    """Uploaded files: their checks (type, size, storage) live in the upload services,
    so files are never added or replaced here; the details can be corrected."""

    list_select_related = ["user"]
    raw_id_fields = ["user"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description="size", ordering="size")
    def size_display(self, obj) -> str:
        return filesizeformat(obj.size)

    @admin.display(description="stored file")
    def stored_file(self, obj) -> str:
        # Private storage has no public URL (owners download through a checked view).
        return obj.file.name or "—"


@admin.register(Document)
class DocumentAdmin(_UploadAdmin):
    list_display = ["title", "type", "version", "job", "user", "original_name", "size_display", "created_at"]
    list_select_related = ["job", "user"]
    list_filter = ["type", "created_at"]
    search_fields = ["title", "original_name", "job__title", "user__email"]
    fields = ["user", "job", "type", "title", "version", "stored_file", "original_name", "mime_type", "size", "id",
              "created_at", "updated_at"]
    readonly_fields = ["user", "job", "stored_file", "original_name", "mime_type", "size", "id", "created_at",
                       "updated_at"]


@admin.register(Resume)
class ResumeAdmin(_UploadAdmin):
    list_display = ["title", "user", "is_primary", "version", "ats_score", "original_name", "size_display",
                    "updated_at"]
    list_filter = ["is_primary", "created_at"]
    search_fields = ["title", "original_name", "user__email"]
    fields = ["user", "title", "is_primary", "version", "stored_file", "original_name", "mime_type", "size",
              "content", "raw_text", "parsed_data", "ats_score", "feedback", "id", "created_at", "updated_at"]
    # Never the file; primary only through the action (one primary per user, swapped under a lock).
    readonly_fields = ["user", "is_primary", "stored_file", "original_name", "mime_type", "size", "raw_text",
                       "parsed_data", "ats_score", "feedback", "id", "created_at", "updated_at"]
    actions = ["make_primary"]

    @admin.action(description="Make the selected resume its owner's primary resume", permissions=["change"])
    def make_primary(self, request, queryset: QuerySet[Resume]) -> None:
        done = 0
        owners = set()
        for resume in queryset.order_by("-updated_at"):
            if resume.user_id in owners:
                continue  # one primary per person: the most recently updated one wins
            owners.add(resume.user_id)
            resume_services.resume_set_primary(resume=resume)
            done += 1
        skipped = queryset.count() - done
        message = f"Made {done} {model_ngettext(self.opts, done)} primary."
        if skipped:
            message += f" Skipped {skipped}: one primary resume per person."
        self.message_user(request, message, messages.SUCCESS)


@admin.register(AtsReport)
class AtsReportAdmin(admin.ModelAdmin):
    """ATS checks are written by the resume-check service and kept as history: read-only."""

    list_display = ["__str__", "user", "score", "job_title", "created_at"]
    list_select_related = ["user", "resume"]
    list_filter = ["created_at"]
    search_fields = ["user__email", "job_title", "resume__title"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "updated_at"]
    list_select_related = ["user"]
    list_filter = ["created_at"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
    # The token is the secret of the feed's address: shown, never typed in.
    readonly_fields = ["token", "created_at", "updated_at"]
    actions = ["regenerate"]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is None else ["user", *self.readonly_fields]

    @admin.action(description="Give the selected feeds a new secret address", permissions=["change"])
    def regenerate(self, request, queryset: QuerySet[CalendarFeed]) -> None:
        count = 0
        for feed in queryset.select_related("user"):
            interview_services.calendar_feed_regenerate(user=feed.user)
            count += 1
        self.message_user(
            request, f"Gave {count} {model_ngettext(self.opts, count)} a new address; the old ones stop working.",
            messages.SUCCESS,
        )

