from django.urls import path

from jobs.api import resumes, views

app_name = "jobs_api"

urlpatterns = [
    path("jobs/", views.JobListApi.as_view(), name="job_list"),
    path("jobs/<uuid:job_id>/", views.JobDetailApi.as_view(), name="job_detail"),
    path("jobs/<uuid:job_id>/move/", views.JobMoveApi.as_view(), name="job_move"),
    path("jobs/<uuid:job_id>/history/", views.JobHistoryApi.as_view(), name="job_history"),
    path("applications/", views.ApplicationListApi.as_view(), name="application_list"),
    path("applications/<uuid:application_id>/", views.ApplicationDetailApi.as_view(), name="application_detail"),
    path("interviews/", views.InterviewListApi.as_view(), name="interview_list"),
    path("interviews/<uuid:interview_id>/", views.InterviewDetailApi.as_view(), name="interview_detail"),
    path("postings/", views.PostingListApi.as_view(), name="posting_list"),
    path("postings/<uuid:posting_id>/", views.PostingDetailApi.as_view(), name="posting_detail"),
    path("postings/<uuid:posting_id>/bookmark/", views.PostingBookmarkApi.as_view(), name="posting_bookmark"),
    path("resumes/", resumes.ResumeListApi.as_view(), name="resume_list"),
    path("resumes/<uuid:resume_id>/", resumes.ResumeDetailApi.as_view(), name="resume_detail"),
    path("resumes/<uuid:resume_id>/ats/", resumes.ResumeAtsApi.as_view(), name="resume_ats"),
    path("jobs/<uuid:job_id>/match/", resumes.JobMatchApi.as_view(), name="job_match"),
]
