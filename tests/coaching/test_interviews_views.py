"""Mock interview pages and API: anonymous → login, wrong method → 405, another user's
interview → 404 on every URL, happy paths, htmx fragments, bad input."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coaching.models import Generation, MockInterview
from tests.coaching.factories import GenerationFactory, MockInterviewFactory, UsageRecordFactory
from tests.coaching.test_interviews_services import STAR_ANSWER
from tests.jobs.factories import JobFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
START = {"target_role": "Backend engineer", "target_company": "Acme", "interview_type": "BEHAVIORAL",
         "difficulty": "MEDIUM", "question_count": "3"}


@pytest.fixture
def interview(owner):
    return MockInterviewFactory(user=owner)


@pytest.fixture
def completed(owner, owner_client, django_capture_on_commit_callbacks, interview):
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            owner_client.post(reverse("coaching:interview_answer", args=[interview.pk]), {"answer": STAR_ANSWER})
    interview.refresh_from_db()
    assert interview.is_completed
    return interview


def _urls(interview):
    pk = [interview.pk]
    return {
        "list": ("get", reverse("coaching:interview_list")),
        "new": ("get", reverse("coaching:interview_new")),
        "detail": ("get", reverse("coaching:interview_detail", args=pk)),
        "answer": ("post", reverse("coaching:interview_answer", args=pk)),
        "finish": ("post", reverse("coaching:interview_finish", args=pk)),
        "delete": ("post", reverse("coaching:interview_delete", args=pk)),
    }


# --- Briefing: anonymous, method, stranger -----------------------------------------------------


@pytest.mark.parametrize("name", ["list", "new", "detail", "answer", "finish", "delete"])
def test_anonymous_is_sent_to_login(client, interview, name):
    method, url = _urls(interview)[name]
    response = getattr(client, method)(url)
    assert response.status_code == 302 and "/login" in response["Location"]


@pytest.mark.parametrize(("name", "wrong"), [
    ("list", "post"), ("detail", "post"), ("answer", "get"), ("finish", "get"), ("delete", "get"), ("new", "put"),
])
def test_wrong_method_is_405(owner_client, interview, name, wrong):
    _method, url = _urls(interview)[name]
    assert getattr(owner_client, wrong)(url).status_code == 405


@pytest.mark.parametrize("name", ["detail", "answer", "finish", "delete"])
def test_another_users_interview_is_404(stranger_client, interview, name):
    method, url = _urls(interview)[name]
    data = {"answer": "Mine now."} if name == "answer" else {}
    assert getattr(stranger_client, method)(url, data).status_code == 404
    interview.refresh_from_db()
    assert interview.turns[0]["answer"] == "" and interview.status == "IN_PROGRESS"


def test_another_users_job_is_not_preselected_nor_accepted(stranger_client, owner, stranger):
    job = JobFactory(user=owner, title="Secret role at Owner Corp")
    page = stranger_client.get(reverse("coaching:interview_new") + f"?job={job.pk}")
    assert page.status_code == 200 and "Secret role" not in page.content.decode()
    response = stranger_client.post(reverse("coaching:interview_new"), {**START, "job": str(job.pk)})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not MockInterview.objects.exists()


# --- List ------------------------------------------------------------------------------------


def test_list_shows_history_and_the_trend_chart(owner_client, completed, owner):
    MockInterviewFactory(user=owner, title="Still going")
    response = owner_client.get(reverse("coaching:interview_list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="chart-svg score-trend"' in body and body.count("<circle") >= 3
    assert completed.title in body and "Still going" in body
    assert f"{completed.overall_score:.0f}/100" in body


def test_list_empty_state(owner_client):
    body = owner_client.get(reverse("coaching:interview_list")).content.decode()
    assert "No mock interviews yet" in body and "Finish a mock interview to see your scores" in body


def test_list_htmx_returns_the_history_fragment(owner_client, interview):
    response = owner_client.get(reverse("coaching:interview_list"), headers=HTMX)
    body = response.content.decode()
    assert 'id="interview-history"' in body and "<html" not in body and "<svg" not in body


def test_list_query_count_is_bounded(owner_client, owner, django_assert_max_num_queries):
    for _ in range(5):
        MockInterviewFactory(user=owner, job=JobFactory(user=owner))
    owner_client.get(reverse("coaching:interview_list"))  # the first request registers the session
    # session, user, the interviews (with their jobs), the trend, the session save
    with django_assert_max_num_queries(7):
        assert owner_client.get(reverse("coaching:interview_list")).status_code == 200


# --- New -------------------------------------------------------------------------------------


def test_new_form_shows_quota_and_the_two_generations(owner_client):
    body = owner_client.get(reverse("coaching:interview_new")).content.decode()
    assert 'id="ai-quota"' in body and "uses <strong>2</strong> of your daily AI generations" in body


def test_new_preselects_own_job(owner_client, owner):
    job = JobFactory(user=owner, title="Platform Engineer", company="Tado")
    body = owner_client.get(reverse("coaching:interview_new") + f"?job={job.pk}").content.decode()
    assert f'value="{job.pk}" selected' in body and 'value="Platform Engineer"' in body and 'value="Tado"' in body


def test_new_with_junk_job_param_is_fine(owner_client):
    assert owner_client.get(reverse("coaching:interview_new") + "?job=not-a-uuid").status_code == 200


def test_start_creates_interview_and_redirects(owner_client, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("coaching:interview_new"), START)
    interview = MockInterview.objects.get(user=owner)
    assert response.status_code == 302 and response["Location"] == reverse("coaching:interview_detail", args=[interview.pk])
    interview.refresh_from_db()
    assert interview.status == "IN_PROGRESS" and len(interview.turns) == 3


def test_start_htmx_redirects_with_a_header(owner_client, owner):
    response = owner_client.post(reverse("coaching:interview_new"), START, headers=HTMX)
    interview = MockInterview.objects.get(user=owner)
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("coaching:interview_detail", args=[interview.pk])


def test_start_needs_a_job_or_a_role(owner_client):
    response = owner_client.post(reverse("coaching:interview_new"), {**START, "target_role": ""}, headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and "type the role you are practising for" in body
    assert 'id="interview-start-form"' in body and "<html" not in body
    assert not MockInterview.objects.exists()


def test_start_rejects_out_of_range_count(owner_client):
    response = owner_client.post(reverse("coaching:interview_new"), {**START, "question_count": "11"})
    assert response.status_code == 200 and "less than or equal to 10" in response.content.decode()
    assert not MockInterview.objects.exists()


def test_start_over_quota_keeps_the_input(owner_client, owner):
    for _ in range(10):
        UsageRecordFactory(user=owner)
    response = owner_client.post(reverse("coaching:interview_new"), {**START, "target_role": "Data wrangler"})
    body = response.content.decode()
    assert response.status_code == 200 and "You have used all 10 AI generations" in body
    assert 'value="Data wrangler"' in body and not MockInterview.objects.exists()


# --- Detail, answer, finish, delete -----------------------------------------------------------


def test_detail_preparing_shows_the_generation_poller(owner_client, owner):
    owner_client.post(reverse("coaching:interview_new"), START)  # not run: still pending
    interview = MockInterview.objects.get(user=owner)
    body = owner_client.get(reverse("coaching:interview_detail", args=[interview.pk])).content.decode()
    assert "Preparing your questions" in body and 'data-generation-status="PENDING"' in body
    assert 'http-equiv="refresh"' in body


def test_detail_in_progress_shows_the_current_question_and_form(owner_client, interview):
    body = owner_client.get(reverse("coaching:interview_detail", args=[interview.pk])).content.decode()
    assert interview.turns[0]["question"] in body and interview.turns[1]["question"] not in body
    assert "Question 1 of 3" in body and 'name="answer"' in body and "Finish now" not in body


def test_answer_moves_to_the_next_question(owner_client, interview):
    response = owner_client.post(reverse("coaching:interview_answer", args=[interview.pk]),
                                 {"answer": "I listened first.", "turn": "0"})
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.turns[0]["answer"] == "I listened first." and interview.current_turn_index == 1
    body = owner_client.get(reverse("coaching:interview_detail", args=[interview.pk])).content.decode()
    assert "Question 2 of 3" in body and "I listened first." in body and "Finish now and score the 1 answered" in body


def test_answer_htmx_returns_the_interview_body(owner_client, interview):
    response = owner_client.post(reverse("coaching:interview_answer", args=[interview.pk]),
                                 {"answer": "I listened first."}, headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and 'id="interview-body"' in body and "<html" not in body
    assert interview.turns[1]["question"] in body


def test_blank_answer_is_a_form_error(owner_client, interview):
    response = owner_client.post(reverse("coaching:interview_answer", args=[interview.pk]), {"answer": "  "})
    assert response.status_code == 200 and "Write your answer first." in response.content.decode()
    interview.refresh_from_db()
    assert interview.current_turn_index == 0


def test_stale_answer_form_does_not_overwrite(owner_client, interview):
    url = reverse("coaching:interview_answer", args=[interview.pk])
    owner_client.post(url, {"answer": "First.", "turn": "0"})
    response = owner_client.post(url, {"answer": "Other tab.", "turn": "0"})
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.turns[0]["answer"] == "First." and interview.turns[1]["answer"] == ""


def test_completed_report_cites_answers_and_shows_the_rubric(owner_client, completed):
    body = owner_client.get(reverse("coaching:interview_detail", args=[completed.pk])).content.decode()
    assert "Scored by the <strong>offline coach" in body and 'id="rubric"' in body and "Structure (STAR)" in body
    assert "Strengths" in body and "Areas to improve" in body and "Suggestions" in body
    assert completed.strengths[0]["text"] in body
    assert 'href="#answer-1"' in body and 'id="answer-3"' in body
    assert f"{completed.feedback['turns'][0]['score']}/100" in body


def test_answer_on_a_completed_interview_redirects_with_a_message(owner_client, completed):
    response = owner_client.post(reverse("coaching:interview_answer", args=[completed.pk]), {"answer": "More"},
                                 follow=True)
    assert "not waiting for an answer" in response.content.decode()


def test_finish_early_scores_what_was_answered(owner_client, interview, django_capture_on_commit_callbacks):
    owner_client.post(reverse("coaching:interview_answer", args=[interview.pk]), {"answer": STAR_ANSWER})
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("coaching:interview_finish", args=[interview.pk]))
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.is_completed and interview.feedback["turns"][1:] == [None, None]
    body = owner_client.get(reverse("coaching:interview_detail", args=[interview.pk])).content.decode()
    assert "Not answered" in body


def test_finish_without_answers_shows_a_message(owner_client, interview):
    response = owner_client.post(reverse("coaching:interview_finish", args=[interview.pk]), follow=True)
    assert "Answer at least one question" in response.content.decode()
    interview.refresh_from_db()
    assert interview.status == "IN_PROGRESS"


def test_scoring_shows_the_poller(owner_client, interview):
    owner_client.post(reverse("coaching:interview_answer", args=[interview.pk]), {"answer": STAR_ANSWER})
    owner_client.post(reverse("coaching:interview_finish", args=[interview.pk]))  # not run
    body = owner_client.get(reverse("coaching:interview_detail", args=[interview.pk])).content.decode()
    assert "Scoring your answers" in body and 'data-generation-status="PENDING"' in body
    assert Generation.objects.get(kind="INTERVIEW_FEEDBACK").target_id == interview.pk


def test_failed_preparation_offers_try_again(owner_client, owner):
    interview = MockInterviewFactory(user=owner, status="FAILED", turns=[], started_at=None)
    generation = GenerationFactory(user=owner, kind="INTERVIEW_QUESTIONS", target_id=interview.pk, status="FAILED",
                                   error="The AI server did not answer.")
    body = owner_client.get(reverse("coaching:interview_detail", args=[interview.pk])).content.decode()
    assert "The questions could not be prepared" in body and "The AI server did not answer." in body
    assert reverse("coaching:generation_retry", args=[generation.pk]) in body and "Try again" in body


def test_detail_htmx_returns_the_body(owner_client, interview):
    response = owner_client.get(reverse("coaching:interview_detail", args=[interview.pk]), headers=HTMX)
    body = response.content.decode()
    assert 'id="interview-body"' in body and "<html" not in body


def test_delete_removes_and_redirects(owner_client, interview):
    response = owner_client.post(reverse("coaching:interview_delete", args=[interview.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("coaching:interview_list")
    assert not MockInterview.objects.filter(pk=interview.pk).exists()


def test_delete_htmx_redirects_with_a_header(owner_client, interview):
    response = owner_client.post(reverse("coaching:interview_delete", args=[interview.pk]), headers=HTMX)
    assert response.status_code == 204 and response["HX-Redirect"] == reverse("coaching:interview_list")


# --- API -------------------------------------------------------------------------------------


@pytest.fixture
def api(owner):
    client = Client()
    client.force_login(owner)
    return client


def test_api_start_answers_202_with_the_generation(api, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/coach/interviews/", {"target_role": "Analyst", "question_count": 3},
                            content_type="application/json")
    assert response.status_code == 202, response.content
    body = response.json()
    interview = MockInterview.objects.get(user=owner)
    assert body["interview_id"] == str(interview.pk)
    assert body["poll_url"] == f"/api/v1/coach/generations/{body['generation_id']}/"
    detail = api.get(f"/api/v1/coach/interviews/{interview.pk}/").json()
    assert detail["status"] == "IN_PROGRESS" and len(detail["turns"]) == 3 and detail["current_turn"] == 0


def test_api_start_validates(api):
    response = api.post("/api/v1/coach/interviews/", {"question_count": 20}, content_type="application/json")
    assert response.status_code == 400
    assert {"question_count", "target_role"} & set(response.json()["error"]["fields"])
    assert not MockInterview.objects.exists()


def test_api_start_refuses_another_users_job(api, stranger):
    job = JobFactory(user=stranger)
    response = api.post("/api/v1/coach/interviews/", {"job": str(job.pk)}, content_type="application/json")
    assert response.status_code == 400 and "job" in response.json()["error"]["fields"]


def test_api_start_over_quota_is_429(api, owner):
    for _ in range(10):
        UsageRecordFactory(user=owner)
    response = api.post("/api/v1/coach/interviews/", {"target_role": "Analyst"}, content_type="application/json")
    assert response.status_code == 429 and response.json()["error"]["code"] == "quota_exceeded"


def test_api_list_shows_only_own(api, interview, stranger):
    MockInterviewFactory(user=stranger)
    body = api.get("/api/v1/coach/interviews/").json()
    assert [row["id"] for row in body["results"]] == [str(interview.pk)]


def test_api_answers_then_202_on_the_last(api, interview, django_capture_on_commit_callbacks):
    url = f"/api/v1/coach/interviews/{interview.pk}/answers/"
    first = api.post(url, {"answer": STAR_ANSWER}, content_type="application/json")
    assert first.status_code == 200 and first.json()["current_turn"] == 1
    api.post(url, {"answer": STAR_ANSWER}, content_type="application/json")
    with django_capture_on_commit_callbacks(execute=True):
        last = api.post(url, {"answer": STAR_ANSWER, "turn": 2}, content_type="application/json")
    assert last.status_code == 202 and last.json()["interview_id"] == str(interview.pk)
    detail = api.get(f"/api/v1/coach/interviews/{interview.pk}/").json()
    assert detail["status"] == "COMPLETED" and detail["overall_score"] is not None and detail["strengths"]


def test_api_blank_answer_is_400(api, interview):
    response = api.post(f"/api/v1/coach/interviews/{interview.pk}/answers/", {"answer": ""},
                        content_type="application/json")
    assert response.status_code == 400 and "answer" in response.json()["error"]["fields"]


def test_api_finish_early(api, interview, django_capture_on_commit_callbacks):
    api.post(f"/api/v1/coach/interviews/{interview.pk}/answers/", {"answer": STAR_ANSWER}, content_type="application/json")
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/v1/coach/interviews/{interview.pk}/finish/")
    assert response.status_code == 202
    interview.refresh_from_db()
    assert interview.is_completed


def test_api_finish_without_answers_is_400(api, interview):
    assert api.post(f"/api/v1/coach/interviews/{interview.pk}/finish/").status_code == 400


def test_api_delete(api, interview):
    assert api.delete(f"/api/v1/coach/interviews/{interview.pk}/").status_code == 204
    assert not MockInterview.objects.exists()


@pytest.mark.parametrize(("method", "suffix"), [("get", ""), ("delete", ""), ("post", "answers/"), ("post", "finish/")])
def test_api_another_users_interview_is_404(stranger_client, interview, method, suffix):
    url = f"/api/v1/coach/interviews/{interview.pk}/{suffix}"
    response = getattr(stranger_client, method)(url, {"answer": "x"} if suffix == "answers/" else None,
                                                content_type="application/json")
    assert response.status_code == 404
    assert MockInterview.objects.filter(pk=interview.pk, status="IN_PROGRESS").exists()


def test_api_requires_authentication(client, interview):
    assert client.get("/api/v1/coach/interviews/").status_code in (401, 403)


@pytest.mark.parametrize("data", [{}, {"answer": "x" * 6000, "turn": "-3", "question_count": "abc", "job": "::",
                                       "interview_type": "NOPE", "difficulty": "?"}])
@pytest.mark.parametrize("name", ["new", "answer", "finish", "delete"])
def test_empty_or_junk_post_is_never_a_500(owner_client, interview, name, data):
    _method, url = _urls(interview)[name]
    response = owner_client.post(url, data)
    assert response.status_code in (200, 204, 302)
    if name == "answer":
        interview.refresh_from_db()
        assert interview.turns[0]["answer"] == ""


def test_generation_poller_sends_the_browser_to_the_interview(owner_client, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(reverse("coaching:interview_new"), START)
    generation = Generation.objects.get(user=owner, kind="INTERVIEW_QUESTIONS")
    response = owner_client.get(reverse("coaching:generation_status", args=[generation.pk]), headers=HTMX)
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("coaching:interview_detail", args=[generation.target_id])
