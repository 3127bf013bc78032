"""Resumes API (/api/v1/resumes/…, /api/v1/jobs/{id}/match/): upload and read resumes with
what was read from them, check one against a tracked job (ATS report), and score a job
against the primary resume.

Every view needs ``resumes:read`` to read and ``resumes:write`` to change anything
(session users have both). Resumes and jobs are looked up through selectors scoped to
``request.user``: another user's id answers 404 like a missing one. Uploads go through
the same service (and content checks) as the resume page; reading the file happens in
the background, so a new upload answers 201 with status UPLOADED.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from jobs.api.serializers import ErrorSerializer
from jobs.models import Job, Resume
from jobs.selectors.board import job_list_for_user
from jobs.selectors.records import resume_list_for_user, resume_primary_for_user
from jobs.services import resumes as resume_services

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input; `fields` names each invalid field."),
    401: OpenApiResponse(ErrorSerializer, description="No or invalid credentials."),
    403: OpenApiResponse(ErrorSerializer, description="The API key lacks the scope this request needs."),
    404: OpenApiResponse(ErrorSerializer, description="Not found, or not yours."),
}
READ_ERRORS = {code: ERRORS[code] for code in (401, 403, 404)}
NOT_READ = OpenApiResponse(ErrorSerializer, description="The resume has not been read (yet), so there is nothing to check.")

NOT_PARSED_MESSAGE = "This resume has not been read yet (status {status}); try again once its status is PARSED."
NO_PRIMARY_MESSAGE = (
    "You have no primary resume that has been read. Upload a resume (or mark one primary) and wait "
    "until its status is PARSED, then ask again."
)


# An upload that has not been read (yet): nothing to check. Builder resumes (DRAFT) have text.
UNREAD = (Resume.Status.UPLOADED, Resume.Status.EXTRACTING, Resume.Status.FAILED)


class ResumesApiView(APIView):
    scope_resource = "resumes"


def _error(status_code: int, code: str, message: str) -> Response:
    return Response({"error": {"status": status_code, "code": code, "message": message}}, status=status_code)


def _resume_or_404(request, resume_id, *, full: bool = False) -> Resume:
    resumes = resume_list_for_user(user=request.user)
    return get_object_or_404(resumes.defer(None) if full else resumes, pk=resume_id)


def _job_description(job: Job) -> tuple[str, list[str]]:
    """The text a job is checked against, and the posting's listed requirements if any."""
    posting = job.posting
    description = job.description or (posting.description if posting else "")
    requirements = list(posting.requirements) if posting and posting.requirements else []
    return description, requirements


# --- Serializers -------------------------------------------------------------------------------


class ResumeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Resume
        fields = [
            "id", "title", "status", "status_message", "original_name", "mime_type", "size", "page_count",
            "is_primary", "extracted_at", "created_at", "updated_at",
        ]
        read_only_fields = fields


class ParsedResumeSerializer(serializers.Serializer):
    """What was read (documentation: the stored JSON has exactly these keys)."""

    name = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()
    location = serializers.CharField()
    links = serializers.ListField(child=serializers.CharField())
    summary = serializers.CharField()
    experience = serializers.ListField(child=serializers.DictField(), help_text=(
        "{company, title, start, end, current, location, bullets[]}; dates are YYYY-MM or null."))
    education = serializers.ListField(child=serializers.DictField(), help_text=(
        "{institution, degree, field, start, end, gpa}"))
    skills = serializers.ListField(child=serializers.CharField())
    certifications = serializers.ListField(child=serializers.DictField(), help_text="{name, issuer, date}")


class LayoutSerializer(serializers.Serializer):
    multi_column = serializers.BooleanField()
    tables = serializers.BooleanField()
    images_only = serializers.BooleanField()
    has_header_footer = serializers.BooleanField()


class ResumeDetailSerializer(ResumeSerializer):
    # Returned as stored: an unread resume has {} rather than a dict of empty fields.
    parsed_data = serializers.SerializerMethodField(help_text="What was read; {} until the status is PARSED.")
    layout = serializers.SerializerMethodField(
        help_text="What extraction noticed about the layout (risks for ATS); {} until read."
    )

    class Meta(ResumeSerializer.Meta):
        fields = [*ResumeSerializer.Meta.fields, "layout", "parsed_data", "raw_text"]
        read_only_fields = fields

    @extend_schema_field(ParsedResumeSerializer)
    def get_parsed_data(self, instance) -> dict:
        return instance.parsed_data or {}

    @extend_schema_field(LayoutSerializer)
    def get_layout(self, instance) -> dict:
        return instance.layout or {}


class ResumeUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A PDF or Word (.docx) file, at most 5 MB.")
    title = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                  help_text="Defaults to the file's name.")


class AtsQuerySerializer(serializers.Serializer):
    job = serializers.UUIDField(help_text="The id of one of your tracked jobs.")


class AtsReportSerializer(serializers.Serializer):
    resume = serializers.UUIDField()
    job = serializers.UUIDField()
    report_id = serializers.UUIDField(allow_null=True, help_text="The stored report (history), when kept.")
    score = serializers.IntegerField(min_value=0, max_value=100)
    report = serializers.DictField(help_text=(
        "The full report: requirements (present/missing with evidence), sections, formatting risks, "
        "impact share and the explanation of what would raise the score."))


class MatchSerializer(serializers.Serializer):
    job = serializers.UUIDField()
    resume = serializers.UUIDField(help_text="The primary resume the job was scored against.")
    score = serializers.IntegerField(min_value=0, max_value=100)
    matched = serializers.ListField(child=serializers.CharField())
    missing = serializers.ListField(child=serializers.CharField())
    details = serializers.DictField()


# --- Resumes -----------------------------------------------------------------------------------


class ResumeListApi(ResumesApiView):
    pagination_class = LimitOffsetPagination
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        operation_id="resumes_list", tags=["resumes"], summary="List your resumes",
        description="The primary resume first, then the newest. Parsed data is on each resume's own endpoint.",
        responses={200: ResumeSerializer(many=True), **{c: ERRORS[c] for c in (401, 403)}},
    )
    def get(self, request):
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(resume_list_for_user(user=request.user), request, view=self)
        return paginator.get_paginated_response(ResumeSerializer(page, many=True).data)

    @extend_schema(
        operation_id="resumes_create", tags=["resumes"], summary="Upload a resume",
        description=(
            "Multipart upload (`file`, optional `title`). The file is checked by its content (PDF or DOCX, "
            "size and page limits); a refused file answers 400 and nothing is kept. The resume is read in the "
            "background: poll `GET /api/v1/resumes/{id}/` until `status` is PARSED or FAILED."
        ),
        request={"multipart/form-data": ResumeUploadSerializer},
        responses={201: ResumeSerializer, **{c: ERRORS[c] for c in (400, 401, 403)}},
    )
    def post(self, request):
        serializer = ResumeUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        resume = resume_services.resume_upload(user=request.user, upload=data["file"], title=data.get("title", ""))
        return Response(ResumeSerializer(resume).data, status=status.HTTP_201_CREATED)


class ResumeDetailApi(ResumesApiView):
    @extend_schema(
        operation_id="resumes_retrieve", tags=["resumes"], summary="Read a resume and what was read from it",
        responses={200: ResumeDetailSerializer, **READ_ERRORS},
    )
    def get(self, request, resume_id):
        return Response(ResumeDetailSerializer(_resume_or_404(request, resume_id, full=True)).data)

    @extend_schema(
        operation_id="resumes_destroy", tags=["resumes"], summary="Delete a resume",
        description="Applications that used it keep their record. If it was primary, the newest other resume becomes primary.",
        responses={204: None, **READ_ERRORS},
    )
    def delete(self, request, resume_id):
        resume_services.resume_delete(resume=_resume_or_404(request, resume_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ResumeAtsApi(ResumesApiView):
    @extend_schema(
        operation_id="resumes_ats", tags=["resumes"], summary="ATS report of a resume against one of your jobs",
        description=(
            "Checks the resume against the job's description (or its catalog posting's): requirements present "
            "or missing with the evidence line, sections, formatting risks, measurable impact, and a 0–100 score "
            "with what would raise it. Each check is kept in the resume's history."
        ),
        parameters=[AtsQuerySerializer],
        responses={200: AtsReportSerializer, **ERRORS, 409: NOT_READ},
    )
    def get(self, request, resume_id):
        resume = _resume_or_404(request, resume_id, full=True)
        query = AtsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        job = get_object_or_404(job_list_for_user(user=request.user).select_related("posting"), pk=query.validated_data["job"])
        if resume.status in UNREAD:
            return _error(409, "not_parsed", NOT_PARSED_MESSAGE.format(status=resume.status))
        report, stored_id = _ats_report(resume, job)  # ValidationError (400) when the job has no description
        body = {"resume": resume.pk, "job": job.pk, "report_id": stored_id, "score": report["score"], "report": report}
        return Response(AtsReportSerializer(body).data)


def _ats_report(resume: Resume, job: Job) -> tuple[dict, object]:
    """Run the check through the matching service (which keeps the history) when it is
    there; otherwise compute the report directly."""
    try:
        from jobs.services import matching as matching_services
    except ImportError:
        matching_services = None
    store = getattr(matching_services, "ats_report_create", None)
    if store is not None:
        stored = store(resume=resume, job=job)
        return stored.feedback, stored.pk
    from jobs.matching.ats import ats_report

    description, requirements = _job_description(job)
    report = ats_report(
        resume_text=resume.raw_text or resume.content, parsed=resume.parsed_data or {}, layout=resume.layout or {},
        description=description, job_title=job.title, requirements=requirements,
    )
    return report, None


class JobMatchApi(ResumesApiView):
    @extend_schema(
        operation_id="jobs_match", tags=["jobs"], summary="Match score of a job against your primary resume",
        description=(
            "0–100 from weighted requirement coverage (must-haves over nice-to-haves, title and seniority fit) "
            "plus text similarity, with matched and missing skills. Needs the `resumes:read` scope. 409 when "
            "you have no primary resume that has been read."
        ),
        responses={200: MatchSerializer, **READ_ERRORS,
                   409: OpenApiResponse(ErrorSerializer, description="No parsed primary resume.")},
    )
    def get(self, request, job_id):
        from jobs.matching.match import match

        job = get_object_or_404(job_list_for_user(user=request.user).select_related("posting"), pk=job_id)
        primary = resume_primary_for_user(user=request.user)
        if primary is None or primary.status != Resume.Status.PARSED:
            return _error(409, "no_parsed_resume", NO_PRIMARY_MESSAGE)
        primary = _resume_or_404(request, primary.pk, full=True)
        description, requirements = _job_description(job)
        result = match(resume_text=primary.raw_text, parsed=primary.parsed_data or {}, description=description,
                       job_title=job.title, requirements=requirements)
        body = {"job": job.pk, "resume": primary.pk, "score": result.score, "matched": result.matched,
                "missing": result.missing, "details": result.details}
        return Response(MatchSerializer(body).data)

