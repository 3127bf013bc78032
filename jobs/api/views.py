"""Jobs API (/api/v1/): tracked jobs and their moves, applications, interviews, and the
shared posting catalog with bookmarks.

Every view needs the ``jobs:read`` scope to read and ``jobs:write`` to change
anything (session users have both). Every object is looked up through a selector
scoped to ``request.user``, so another user's id answers 404 exactly like a
missing one. Writes go through the same services as the HTML pages.
"""

from __future__ import annotations

from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.permissions import HasScope
from jobs.api import serializers as s
from jobs.exceptions import JobMoveConflict
from jobs.models import JobPosting, JobStatus
from jobs.selectors import catalog as catalog_selectors
from jobs.selectors import lists
from jobs.selectors.board import job_history, job_list_for_user
from jobs.selectors.interviews import interview_list_for_user
from jobs.selectors.records import application_list_for_user
from jobs.services import applications as application_services
from jobs.services import catalog as catalog_services
from jobs.services import interviews as interview_services
from jobs.services import tracking

ERRORS = {
    400: OpenApiResponse(s.ErrorSerializer, description="Invalid input; `fields` names each invalid field."),
    401: OpenApiResponse(s.ErrorSerializer, description="No or invalid credentials."),
    403: OpenApiResponse(s.ErrorSerializer, description="The API key lacks the scope this request needs."),
    404: OpenApiResponse(s.ErrorSerializer, description="Not found, or not yours."),
}
READ_ERRORS = {code: ERRORS[code] for code in (401, 403, 404)}
LIST_ERRORS = {code: ERRORS[code] for code in (400, 401, 403)}


def _responses(ok: dict, errors: dict = ERRORS) -> dict:
    return {**ok, **errors}


class JobsApiView(APIView):
    scope_resource = "jobs"


def _paginated(request, view, queryset, serializer_class) -> Response:
    paginator = LimitOffsetPagination()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True).data)


def _query(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _job_or_404(request, job_id):
    return get_object_or_404(job_list_for_user(user=request.user), pk=job_id)


# --- Jobs ------------------------------------------------------------------------------------


class JobListApi(JobsApiView):
    pagination_class = LimitOffsetPagination

    @extend_schema(
        operation_id="jobs_list",
        tags=["jobs"],
        summary="List your tracked jobs",
        description="Newest first. `status` may be repeated (`?status=APPLIED&status=INTERVIEW_SCHEDULED`).",
        parameters=[s.JobListQuerySerializer],
        responses=_responses({200: s.JobSerializer(many=True)}, LIST_ERRORS),
    )
    def get(self, request):
        query = _query(s.JobListQuerySerializer, request)
        jobs = lists.job_list_filtered(
            user=request.user,
            statuses=query.get("status", ()),
            q=query.get("q", ""),
            work_mode=query.get("work_mode", ""),
            job_type=query.get("job_type", ""),
            has_upcoming_interview=query["has_upcoming_interview"],
        )
        return _paginated(request, self, jobs, s.JobSerializer)

    @extend_schema(
        operation_id="jobs_create",
        tags=["jobs"],
        summary="Track a new job",
        description="Added at the bottom of its column (`status`, INTERESTED unless given).",
        request=s.JobCreateSerializer,
        responses=_responses({201: s.JobSerializer}, LIST_ERRORS),
    )
    def post(self, request):
        serializer = s.JobCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        job_status = data.pop("status", JobStatus.INTERESTED)
        job = tracking.job_create(user=request.user, data=data, status=job_status)
        return Response(s.JobSerializer(job).data, status=status.HTTP_201_CREATED)


class JobDetailApi(JobsApiView):
    @extend_schema(operation_id="jobs_retrieve", tags=["jobs"], summary="Read a job",
                   responses=_responses({200: s.JobSerializer}, READ_ERRORS))
    def get(self, request, job_id):
        return Response(s.JobSerializer(_job_or_404(request, job_id)).data)

    @extend_schema(
        operation_id="jobs_partial_update",
        tags=["jobs"],
        summary="Change a job's details",
        description="Status and position cannot be changed here (400): use `POST /api/v1/jobs/{id}/move/`.",
        request=s.JobUpdateSerializer,
        responses=_responses({200: s.JobSerializer}),
    )
    def patch(self, request, job_id):
        job = _job_or_404(request, job_id)
        serializer = s.JobUpdateSerializer(job, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        job = tracking.job_update(job=job, data=dict(serializer.validated_data))
        return Response(s.JobSerializer(job).data)

    @extend_schema(operation_id="jobs_destroy", tags=["jobs"], summary="Delete a job",
                   description="Its history, application, interviews and documents go with it.",
                   responses=_responses({204: None}, READ_ERRORS))
    def delete(self, request, job_id):
        tracking.job_delete(job=_job_or_404(request, job_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class JobMoveApi(JobsApiView):
    @extend_schema(
        operation_id="jobs_move",
        tags=["jobs"],
        summary="Move a job to a column and position",
        description=(
            "The same move as dragging the card on the board: records the status change in the history "
            "and renumbers both columns. Send the `version` you last saw to be told (409, with the job as "
            "it is now) instead of overwriting a move made elsewhere."
        ),
        request=s.JobMoveSerializer,
        responses=_responses({
            200: s.JobSerializer,
            409: OpenApiResponse(s.ConflictSerializer, description="The job changed since `version`."),
        }),
    )
    def post(self, request, job_id):
        job = _job_or_404(request, job_id)
        serializer = s.JobMoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            job = tracking.job_move(
                job=job,
                to_status=data["status"],
                position=data.get("position"),
                expected_version=data.get("version"),
                reason=data.get("reason", ""),
                by=request.user,
            )
        except JobMoveConflict as exc:
            current = exc.job
            message = (
                f"This job changed since version {data.get('version')} (it is now at version {current.version}), "
                "so the move was not applied. Check its current state and try again."
            )
            body = {"status": 409, "code": "conflict", "message": message, "job": s.JobSerializer(current).data}
            return Response({"error": body}, status=status.HTTP_409_CONFLICT)
        return Response(s.JobSerializer(job).data)


class JobHistoryApi(JobsApiView):
    @extend_schema(operation_id="jobs_history", tags=["jobs"], summary="A job's status changes, oldest first",
                   responses=_responses({200: s.StatusChangeSerializer(many=True)}, READ_ERRORS))
    def get(self, request, job_id):
        job = _job_or_404(request, job_id)
        return Response(s.StatusChangeSerializer(job_history(job=job), many=True).data)


# --- Applications ------------------------------------------------------------------------------


def _application_or_404(request, application_id):
    return get_object_or_404(application_list_for_user(user=request.user), pk=application_id)


class ApplicationListApi(JobsApiView):
    pagination_class = LimitOffsetPagination

    @extend_schema(operation_id="applications_list", tags=["applications"], summary="List your applications",
                   parameters=[s.ApplicationListQuerySerializer],
                   responses=_responses({200: s.ApplicationSerializer(many=True)}, LIST_ERRORS))
    def get(self, request):
        query = _query(s.ApplicationListQuerySerializer, request)
        applications = lists.application_list_filtered(user=request.user, job_id=query.get("job"))
        return _paginated(request, self, applications, s.ApplicationSerializer)

    @extend_schema(
        operation_id="applications_create",
        tags=["applications"],
        summary="Record an application for one of your jobs",
        description=(
            "One per job (400 if the job has one). `resume` must be one of your resumes. Any status other than "
            "DRAFT stamps `submitted_at` and moves an INTERESTED job to APPLIED."
        ),
        request=s.ApplicationCreateSerializer,
        responses=_responses({201: s.ApplicationSerializer}, LIST_ERRORS),
    )
    def post(self, request):
        serializer = s.ApplicationCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        job = data.pop("job")
        application = application_services.application_create(user=request.user, job=job, data=data)
        return Response(s.ApplicationSerializer(application).data, status=status.HTTP_201_CREATED)


class ApplicationDetailApi(JobsApiView):
    @extend_schema(operation_id="applications_retrieve", tags=["applications"], summary="Read an application",
                   responses=_responses({200: s.ApplicationSerializer}, READ_ERRORS))
    def get(self, request, application_id):
        return Response(s.ApplicationSerializer(_application_or_404(request, application_id)).data)

    @extend_schema(
        operation_id="applications_partial_update",
        tags=["applications"],
        summary="Change an application",
        description="Its status only moves forward (DRAFT → SUBMITTED → UNDER_REVIEW → ACCEPTED/REJECTED).",
        request=s.ApplicationUpdateSerializer,
        responses=_responses({200: s.ApplicationSerializer}),
    )
    def patch(self, request, application_id):
        application = _application_or_404(request, application_id)
        serializer = s.ApplicationUpdateSerializer(
            application, data=request.data, partial=True, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        application = application_services.application_update(
            application=application, data=dict(serializer.validated_data), by=request.user
        )
        return Response(s.ApplicationSerializer(application).data)

    @extend_schema(operation_id="applications_destroy", tags=["applications"], summary="Delete an application",
                   responses=_responses({204: None}, READ_ERRORS))
    def delete(self, request, application_id):
        application_services.application_delete(application=_application_or_404(request, application_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Interviews --------------------------------------------------------------------------------


def _interview_or_404(request, interview_id):
    return get_object_or_404(interview_list_for_user(user=request.user), pk=interview_id)


class InterviewListApi(JobsApiView):
    pagination_class = LimitOffsetPagination

    @extend_schema(operation_id="interviews_list", tags=["interviews"], summary="List your interviews by time",
                   parameters=[s.InterviewListQuerySerializer],
                   responses=_responses({200: s.InterviewSerializer(many=True)}, LIST_ERRORS))
    def get(self, request):
        query = _query(s.InterviewListQuerySerializer, request)
        interviews = lists.interview_list_filtered(user=request.user, job_id=query.get("job"), upcoming=query["upcoming"])
        return _paginated(request, self, interviews, s.InterviewSerializer)

    @extend_schema(
        operation_id="interviews_create",
        tags=["interviews"],
        summary="Schedule an interview for one of your jobs",
        description="A job still INTERESTED or APPLIED moves to INTERVIEW_SCHEDULED; the job's application is linked.",
        request=s.InterviewCreateSerializer,
        responses=_responses({201: s.InterviewSerializer}, LIST_ERRORS),
    )
    def post(self, request):
        serializer = s.InterviewCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        job = data.pop("job")
        interview = interview_services.interview_schedule(user=request.user, job=job, data=data)
        return Response(s.InterviewSerializer(interview).data, status=status.HTTP_201_CREATED)


class InterviewDetailApi(JobsApiView):
    @extend_schema(operation_id="interviews_retrieve", tags=["interviews"], summary="Read an interview",
                   responses=_responses({200: s.InterviewSerializer}, READ_ERRORS))
    def get(self, request, interview_id):
        return Response(s.InterviewSerializer(_interview_or_404(request, interview_id)).data)

    @extend_schema(operation_id="interviews_partial_update", tags=["interviews"], summary="Change an interview",
                   description="A new `scheduled_at` re-arms the reminder.",
                   request=s.InterviewUpdateSerializer, responses=_responses({200: s.InterviewSerializer}))
    def patch(self, request, interview_id):
        interview = _interview_or_404(request, interview_id)
        serializer = s.InterviewUpdateSerializer(interview, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        interview = interview_services.interview_update(interview=interview, data=dict(serializer.validated_data))
        return Response(s.InterviewSerializer(interview).data)

    @extend_schema(operation_id="interviews_destroy", tags=["interviews"], summary="Delete an interview",
                   responses=_responses({204: None}, READ_ERRORS))
    def delete(self, request, interview_id):
        interview_services.interview_delete(interview=_interview_or_404(request, interview_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Postings (the shared catalog) -------------------------------------------------------------


class StaffCanCreate(permissions.BasePermission):
    """The catalog is shared by everyone, so only staff add to it."""

    message = "Only staff can add postings to the shared catalog."

    def has_permission(self, request, view) -> bool:
        return request.method in permissions.SAFE_METHODS or bool(request.user and request.user.is_staff)


class PostingListApi(JobsApiView):
    permission_classes = [IsAuthenticated, HasScope, StaffCanCreate]

    @extend_schema(
        operation_id="postings_search",
        tags=["postings"],
        summary="Search the job catalog",
        description=(
            "The filters of the catalog page. Newest first; pages are keyset-based: pass the `next` of a page "
            "as `cursor` to get the following one (stable while postings are added)."
        ),
        parameters=[s.PostingSearchQuerySerializer],
        responses=_responses({200: s.PostingPageSerializer}, LIST_ERRORS),
    )
    def get(self, request):
        query = _query(s.PostingSearchQuerySerializer, request)
        filters = catalog_selectors.CatalogFilters(
            q=query.get("q", ""),
            location=query.get("location", "").strip(),
            remote_only=query["remote"],
            salary_min=query.get("salary_min"),
            salary_max=query.get("salary_max"),
            experience_level=query.get("experience_level", ""),
            job_type=query.get("job_type", ""),
            posted_within_days=query.get("posted_within_days"),
        )
        try:
            page = catalog_selectors.posting_search(
                user=request.user, filters=filters, cursor=query.get("cursor", ""), page_size=query["limit"]
            )
        except catalog_selectors.InvalidCursor as exc:
            raise ValidationError({"cursor": [str(exc)]}) from exc
        results = s.PostingSummarySerializer(page.postings, many=True).data
        return Response({"results": results, "next": page.next_cursor or None})

    @extend_schema(
        operation_id="postings_create",
        tags=["postings"],
        summary="Add a posting to the catalog (staff only)",
        description="The catalog is shared by all users, so only staff accounts may add to it; others get 403.",
        request=s.PostingCreateSerializer,
        responses=_responses({201: s.PostingSerializer}, LIST_ERRORS),
    )
    def post(self, request):
        serializer = s.PostingCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            posting = catalog_services.posting_create(data=dict(serializer.validated_data), source="API")
        except IntegrityError as exc:
            # Only the source_url unique constraint can race past the serializer's check.
            raise ValidationError({"source_url": [s.DUPLICATE_POSTING]}) from exc
        return Response(s.PostingSerializer(posting).data, status=status.HTTP_201_CREATED)


def _posting_or_404(request, posting_id):
    try:
        return catalog_selectors.posting_get_for_user(user=request.user, posting_id=posting_id)
    except JobPosting.DoesNotExist:
        raise Http404 from None


class PostingDetailApi(JobsApiView):
    @extend_schema(operation_id="postings_retrieve", tags=["postings"], summary="Read a posting",
                   responses=_responses({200: s.PostingSerializer}, READ_ERRORS))
    def get(self, request, posting_id):
        return Response(s.PostingSerializer(_posting_or_404(request, posting_id)).data)


class PostingBookmarkApi(JobsApiView):
    @extend_schema(operation_id="postings_bookmark", tags=["postings"], summary="Bookmark a posting",
                   description="Idempotent: bookmarking twice keeps one bookmark.", request=None,
                   responses=_responses({200: s.BookmarkSerializer}, READ_ERRORS))
    def put(self, request, posting_id):
        posting = _posting_or_404(request, posting_id)
        bookmarked = catalog_services.bookmark_set(user=request.user, posting=posting, saved=True)
        return Response({"bookmarked": bookmarked})

    @extend_schema(operation_id="postings_unbookmark", tags=["postings"], summary="Remove a bookmark",
                   description="Idempotent: removing a missing bookmark is not an error.", request=None,
                   responses=_responses({200: s.BookmarkSerializer}, READ_ERRORS))
    def delete(self, request, posting_id):
        posting = _posting_or_404(request, posting_id)
        bookmarked = catalog_services.bookmark_set(user=request.user, posting=posting, saved=False)
        return Response({"bookmarked": bookmarked})
