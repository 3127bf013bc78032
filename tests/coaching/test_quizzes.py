"""Quizzes: the offline bank, deterministic questions, scoring, the pages and the API."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from billing.exceptions import QuotaExceeded
from billing.models import Plan, UsageRecord
from coaching.models import Assessment, Generation
from coaching.offline import quiz as offline_quiz
from coaching.selectors.quizzes import quiz_category_stats
from coaching.services import quizzes as services
from tests.accounts.factories import ProfileFactory, SkillFactory, UserFactory
from tests.coaching.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _default_plans(request):
    """Transactional tests flush the plans migration 0002 created (and --reuse-db keeps the
    flushed database): create them again, idempotently."""
    if request.node.get_closest_marker("django_db") or "db" in request.fixturenames:
        import importlib

        from django.apps import apps

        request.getfixturevalue("db")
        importlib.import_module("billing.migrations.0002_default_plans").create_plans(apps, None)


def _create(user, category="Python", difficulty="MEDIUM", count=5, capture=None):
    with capture(execute=True):
        quiz, generation = services.quiz_create(user=user, category=category, difficulty=difficulty, question_count=count)
    quiz.refresh_from_db()
    return quiz, generation


def _answer_all_right(quiz):
    return [q["correct_index"] for q in quiz.questions]


# --- The bank -----------------------------------------------------------------------------------


def test_bank_has_ten_categories_of_fifteen_valid_questions():
    data = json.loads(offline_quiz.BANK_PATH.read_text())
    assert len(data["categories"]) >= 10
    for category in data["categories"]:
        assert len(category["questions"]) >= 15, category["name"]
        for q in category["questions"]:
            assert len(q["options"]) == 4 and len(set(q["options"])) == 4, q["question"]
            assert 0 <= q["correct_index"] <= 3
            assert q["explanation"] and q["difficulty"] in ("EASY", "MEDIUM", "HARD")
            assert q["topic"] in category["tips"], (category["name"], q["topic"])


@pytest.mark.parametrize(("typed", "expected"), [
    ("python", "Python"), ("  SQL ", "SQL"), ("PostgreSQL", "SQL"), ("React", "JavaScript"),
    ("Docker", "Cloud & DevOps"), ("pandas", "Data analysis"), ("Underwater basket weaving", None), ("", None),
])
def test_free_text_maps_to_the_closest_bank_category(typed, expected):
    assert offline_quiz.resolve_category(typed) == expected


def test_question_choice_is_deterministic_and_prefers_the_difficulty():
    first = offline_quiz.select_questions(category="SQL", difficulty="EASY", count=5, attempt=0)
    assert first == offline_quiz.select_questions(category="SQL", difficulty="EASY", count=5, attempt=0)
    bank = {q["question"]: q for q in offline_quiz.bank()["SQL"].questions}
    assert [bank[q["question"]]["difficulty"] for q in first] == ["EASY"] * 5
    assert len({q["question"] for q in first}) == 5


def test_retries_rotate_through_the_bank():
    seen = [
        {q["question"] for q in offline_quiz.select_questions(category="Git", difficulty="HARD", count=5, attempt=a)}
        for a in range(3)
    ]
    assert not seen[0] & seen[1] and not seen[1] & seen[2]
    assert len(seen[0] | seen[1] | seen[2]) == 15
    assert offline_quiz.select_questions(category="Git", difficulty="HARD", count=5, attempt=3) == \
        offline_quiz.select_questions(category="Git", difficulty="HARD", count=5, attempt=0)


def test_scoring_and_tip_come_from_the_missed_topics():
    questions = offline_quiz.select_questions(category="Python", difficulty="MEDIUM", count=4, attempt=0)
    answers = [q["correct_index"] for q in questions]
    answers[0] = (answers[0] + 1) % 4
    result = offline_quiz.score_quiz(category="Python", questions=questions, answers=answers)
    topic = questions[0]["topic"]
    assert (result.score, result.correct, result.total) == (75.0, 3, 4)
    assert result.missed_topics == [topic]
    assert offline_quiz.bank()["Python"].tips[topic] in result.improvement_tip
    assert result.recommendations[0] == f"Review {topic}"
    assert "mock interview" in result.recommendations[-1]
    assert result == offline_quiz.score_quiz(category="Python", questions=questions, answers=answers)


def test_perfect_score_has_no_topics_to_review():
    questions = offline_quiz.select_questions(category="Git", difficulty="EASY", count=3, attempt=0)
    result = offline_quiz.score_quiz(category="Git", questions=questions, answers=[q["correct_index"] for q in questions])
    assert result.score == 100.0 and result.missed_topics == []
    assert "All 3 answers were right" in result.improvement_tip


# --- Services -----------------------------------------------------------------------------------


def test_create_writes_the_bank_questions_and_counts_one_generation(owner, django_capture_on_commit_callbacks):
    quiz, generation = _create(owner, "SQL", "EASY", 5, django_capture_on_commit_callbacks)
    assert quiz.status == Assessment.Status.READY and quiz.provider == "offline"
    assert quiz.title == "SQL quiz"
    assert quiz.questions == offline_quiz.select_questions(category="SQL", difficulty="EASY", count=5, attempt=0)
    assert UsageRecord.objects.filter(user=owner, action=UsageRecord.Action.AI_QUIZ).count() == 1
    generation.refresh_from_db()
    assert generation.status == Generation.Status.SUCCEEDED and generation.kind == Generation.Kind.QUIZ


def test_free_text_skill_uses_the_closest_category_and_says_so(owner, django_capture_on_commit_callbacks):
    quiz, _ = _create(owner, "PostgreSQL", "MEDIUM", 3, django_capture_on_commit_callbacks)
    assert quiz.category == "SQL"
    assert quiz.title == "SQL quiz (closest to “PostgreSQL”)"
    assert quiz.status == Assessment.Status.READY


def test_unknown_category_is_refused_listing_the_categories(owner):
    with pytest.raises(ValidationError) as exc:
        services.quiz_create(user=owner, category="Underwater basket weaving", difficulty="EASY", question_count=5)
    assert "Python" in exc.value.message_dict["category"][0]
    assert not Assessment.objects.exists() and not UsageRecord.objects.exists()


def test_over_quota_writes_nothing(owner):
    Plan.objects.filter(code="FREE").update(ai_generations_per_day=0)
    with pytest.raises(QuotaExceeded):
        services.quiz_create(user=owner, category="Python", difficulty="EASY", question_count=5)
    assert not Assessment.objects.exists()


def test_the_next_quiz_in_a_category_rotates(owner, django_capture_on_commit_callbacks):
    first, _ = _create(owner, "Git", "HARD", 5, django_capture_on_commit_callbacks)
    services.quiz_submit(assessment=first, answers=_answer_all_right(first))
    second, generation = _create(owner, "Git", "HARD", 5, django_capture_on_commit_callbacks)
    assert generation.input["attempt"] == 1
    assert not {q["question"] for q in first.questions} & {q["question"] for q in second.questions}


def test_submit_scores_and_stores_the_answers(owner):
    quiz = AssessmentFactory(user=owner)  # correct indexes 0, 1, 2; topic "basics"
    done = services.quiz_submit(assessment=quiz, answers=[0, 1, 3])
    done.refresh_from_db()
    assert done.status == Assessment.Status.COMPLETED and done.completed_at is not None
    assert done.score == 66.7
    assert [q["chosen_index"] for q in done.questions] == [0, 1, 3]
    assert offline_quiz.bank()["Python"].tips["basics"] in done.improvement_tip
    assert done.recommendations[0] == "Review basics"
    assert "goal" in done.recommendations[-1]  # below 70%: set a goal


@pytest.mark.parametrize("answers", [[0, 1], [0, 1, 2, 3], [0, 1, 4], [0, 1, -1], [0, 1, True]])
def test_submit_needs_one_valid_answer_per_question(owner, answers):
    quiz = AssessmentFactory(user=owner)
    with pytest.raises(ValidationError):
        services.quiz_submit(assessment=quiz, answers=answers)
    quiz.refresh_from_db()
    assert quiz.status == Assessment.Status.READY and quiz.score is None


def test_a_completed_quiz_cannot_be_submitted_again(owner):
    quiz = services.quiz_submit(assessment=AssessmentFactory(user=owner), answers=[0, 1, 2])
    with pytest.raises(ValidationError):
        services.quiz_submit(assessment=quiz, answers=[1, 1, 1])
    quiz.refresh_from_db()
    assert quiz.score == 100.0


def test_retake_copies_the_questions_without_answers_or_quota(owner):
    done = services.quiz_submit(assessment=AssessmentFactory(user=owner), answers=[0, 0, 0])
    fresh = services.quiz_retake(assessment=done)
    assert fresh.pk != done.pk and fresh.status == Assessment.Status.READY
    assert fresh.questions == [{k: v for k, v in q.items() if k != "chosen_index"} for q in done.questions]
    assert fresh.score is None and fresh.category == done.category
    assert not UsageRecord.objects.exists() and not Generation.objects.exists()


# --- Stats and chart ----------------------------------------------------------------------------


def _completed(user, category, score):
    quiz = AssessmentFactory(user=user, category=category)
    answers = [q["correct_index"] for q in quiz.questions]
    wrong = round((100 - score) / 100 * 3)
    for i in range(wrong):
        answers[i] = (answers[i] + 1) % 4
    return services.quiz_submit(assessment=quiz, answers=answers)


def test_stats_with_no_category_are_empty(owner):
    assert quiz_category_stats(user=owner) == []


def test_stats_with_one_category(owner):
    _completed(owner, "SQL", 100)
    stats = quiz_category_stats(user=owner)
    assert [(s.category, s.average, s.latest, s.count) for s in stats] == [("SQL", 100.0, 100.0, 1)]


def test_stats_with_many_categories_averages_and_latest(owner, django_assert_num_queries):
    _completed(owner, "SQL", 100)
    _completed(owner, "SQL", 33.3)
    _completed(owner, "Python", 66.7)
    AssessmentFactory(user=owner, category="Git")  # not completed: not counted
    _completed(UserFactory(), "Git", 100)  # someone else's
    with django_assert_num_queries(1):
        stats = quiz_category_stats(user=owner)
    assert [(s.category, s.average, s.latest, s.count) for s in stats] == [
        ("Python", 66.7, 66.7, 1), ("SQL", 66.7, 33.3, 2)]


# --- Views --------------------------------------------------------------------------------------


def _object_urls(quiz):
    return [
        ("get", reverse("coaching:quiz_detail", args=[quiz.pk])),
        ("post", reverse("coaching:quiz_submit", args=[quiz.pk])),
        ("post", reverse("coaching:quiz_retake", args=[quiz.pk])),
        ("post", reverse("coaching:quiz_delete", args=[quiz.pk])),
    ]


def test_anonymous_is_redirected_to_login(client):
    quiz = AssessmentFactory()
    urls = [("get", reverse("coaching:quiz_list")), ("get", reverse("coaching:quiz_new")), *_object_urls(quiz)]
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/login" in response["Location"], url


def test_wrong_method_is_405(owner_client, owner):
    quiz = AssessmentFactory(user=owner)
    assert owner_client.post(reverse("coaching:quiz_list")).status_code == 405
    assert owner_client.put(reverse("coaching:quiz_new")).status_code == 405
    assert owner_client.post(reverse("coaching:quiz_detail", args=[quiz.pk])).status_code == 405
    for name in ("quiz_submit", "quiz_retake", "quiz_delete"):
        assert owner_client.get(reverse(f"coaching:{name}", args=[quiz.pk])).status_code == 405


def test_strangers_get_404_everywhere(stranger_client, owner):
    quiz = AssessmentFactory(user=owner)
    for method, url in _object_urls(quiz):
        assert getattr(stranger_client, method)(url, {"q0": "0", "q1": "1", "q2": "2"}).status_code == 404, url
    quiz.refresh_from_db()
    assert quiz.status == Assessment.Status.READY
    assert Assessment.objects.count() == 1


def test_new_quiz_form_shows_categories_own_skills_and_quota(owner_client, owner):
    profile = ProfileFactory(user=owner)
    profile.target_skills = ["Kubernetes"]
    profile.save(update_fields=["target_skills"])
    SkillFactory(profile=profile, name="Terraform")
    html = owner_client.get(reverse("coaching:quiz_new")).content.decode()
    for name in ("Python", "Behavioral &amp; communication", "Terraform", "Kubernetes"):
        assert f'<option value="{name}">' in html
    assert 'id="ai-quota"' in html


def test_new_quiz_post_redirects_to_the_ready_quiz(owner_client, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("coaching:quiz_new"),
                                     {"category": "Git", "difficulty": "EASY", "question_count": "4"})
    quiz = Assessment.objects.get(user=owner)
    assert response.status_code == 302 and response["Location"] == reverse("coaching:quiz_detail", args=[quiz.pk])
    html = owner_client.get(response["Location"]).content.decode()
    assert html.count('type="radio"') == 16 and 'name="q3"' in html
    assert quiz.questions[0]["question"] in html.replace("&#x27;", "'").replace("&quot;", '"')
    assert "correct_index" not in html and quiz.questions[0]["explanation"] not in html


def test_new_quiz_with_unknown_category_keeps_the_input(owner_client):
    response = owner_client.post(reverse("coaching:quiz_new"),
                                 {"category": "Underwater basket weaving", "difficulty": "HARD", "question_count": "7"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "has no questions on" in html and "Product management" in html
    assert 'value="Underwater basket weaving"' in html and 'value="7"' in html
    assert not Assessment.objects.exists()


def test_new_quiz_rejects_bad_sizes(owner_client):
    for count in ("2", "21", "x"):
        response = owner_client.post(reverse("coaching:quiz_new"),
                                     {"category": "Python", "difficulty": "EASY", "question_count": count})
        assert response.status_code == 200
    assert not Assessment.objects.exists()


def test_new_quiz_over_quota_says_when_it_resets(owner_client):
    Plan.objects.filter(code="FREE").update(ai_generations_per_day=0)
    response = owner_client.post(reverse("coaching:quiz_new"),
                                 {"category": "Python", "difficulty": "EASY", "question_count": "5"})
    assert response.status_code == 200 and "reset" in response.content.decode().lower()
    assert not Assessment.objects.exists()


def test_new_quiz_htmx_returns_the_form_fragment(owner_client):
    response = owner_client.post(reverse("coaching:quiz_new"), {"category": "", "question_count": "5"},
                                 HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html and 'id="quiz-new-form"' in html


def test_new_quiz_htmx_success_redirects_the_browser(owner_client, owner):
    response = owner_client.post(reverse("coaching:quiz_new"),
                                 {"category": "SQL", "difficulty": "EASY", "question_count": "3"}, HTTP_HX_REQUEST="true")
    quiz = Assessment.objects.get(user=owner)
    assert response["HX-Redirect"] == reverse("coaching:quiz_detail", args=[quiz.pk])


def test_generating_quiz_shows_the_poller(owner_client, owner):
    quiz, generation = services.quiz_create(user=owner, category="SQL", difficulty="EASY", question_count=3, enqueue=False)
    html = owner_client.get(reverse("coaching:quiz_detail", args=[quiz.pk])).content.decode()
    assert f'id="generation-{generation.pk}"' in html and 'http-equiv="refresh"' in html


def test_submit_with_missing_answers_keeps_the_chosen_ones(owner_client, owner):
    quiz = AssessmentFactory(user=owner)
    response = owner_client.post(reverse("coaching:quiz_submit", args=[quiz.pk]), {"q0": "2", "q2": "9"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Choose an answer to this question.") == 1  # q1
    assert 'id="id_q2_error"' in html  # 9 is not an option
    assert '<input type="radio" name="q0" value="2" id="id_q0_2" required checked>' in html
    assert html.count(" checked>") == 1
    quiz.refresh_from_db()
    assert quiz.status == Assessment.Status.READY


def test_submit_shows_score_answers_and_explanations(owner_client, owner):
    quiz = AssessmentFactory(user=owner)
    response = owner_client.post(reverse("coaching:quiz_submit", args=[quiz.pk]), {"q0": "0", "q1": "1", "q2": "3"})
    assert response.status_code == 302
    html = owner_client.get(response["Location"]).content.decode()
    assert "66.7%" in html and "2 of 3 correct" in html
    assert "Because 2." in html and "Correct answer: <strong>C</strong>" in html
    assert "Review basics" in html


def test_submit_htmx_returns_the_results_fragment(owner_client, owner):
    quiz = AssessmentFactory(user=owner)
    response = owner_client.post(reverse("coaching:quiz_submit", args=[quiz.pk]),
                                 {"q0": "0", "q1": "1", "q2": "2"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and 'id="quiz-body"' in html and "100%" in html


def test_submit_of_a_completed_quiz_changes_nothing(owner_client, owner):
    quiz = services.quiz_submit(assessment=AssessmentFactory(user=owner), answers=[0, 1, 2])
    response = owner_client.post(reverse("coaching:quiz_submit", args=[quiz.pk]), {"q0": "3", "q1": "3", "q2": "3"})
    assert response.status_code == 302
    quiz.refresh_from_db()
    assert quiz.score == 100.0


def test_retake_view_opens_a_fresh_copy(owner_client, owner):
    quiz = services.quiz_submit(assessment=AssessmentFactory(user=owner), answers=[0, 1, 2])
    response = owner_client.post(reverse("coaching:quiz_retake", args=[quiz.pk]))
    fresh = Assessment.objects.exclude(pk=quiz.pk).get()
    assert response["Location"] == reverse("coaching:quiz_detail", args=[fresh.pk])
    assert fresh.status == Assessment.Status.READY and not UsageRecord.objects.exists()


def test_delete_view(owner_client, owner):
    quiz = AssessmentFactory(user=owner)
    response = owner_client.post(reverse("coaching:quiz_delete", args=[quiz.pk]))
    assert response["Location"] == reverse("coaching:quiz_list")
    assert not Assessment.objects.exists()
    other = AssessmentFactory(user=owner)
    response = owner_client.post(reverse("coaching:quiz_delete", args=[other.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response.content == b""
    assert not Assessment.objects.exists()


def test_list_shows_history_chart_and_latest(owner_client, owner):
    _completed(owner, "SQL", 100)
    _completed(owner, "Python", 66.7)
    AssessmentFactory(user=UserFactory(), title="Someone else's quiz")
    html = owner_client.get(reverse("coaching:quiz_list")).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg quiz-chart"' in html
    assert 'id="quiz-category-stats"' in html
    assert "Someone else" not in html
    assert html.count("Python quiz") == 2  # the factory's title, on both of the owner's quizzes
    assert "<tr><td>Python</td><td>1</td><td>66.7%</td><td>66.7%</td></tr>" in html
    assert "<tr><td>SQL</td><td>1</td><td>100%</td><td>100%</td></tr>" in html


def test_list_without_quizzes_has_no_chart(owner_client):
    html = owner_client.get(reverse("coaching:quiz_list")).content.decode()
    assert 'id="quiz-chart-empty"' in html and "quiz-chart\"" not in html


def test_list_htmx_returns_the_history_fragment(owner_client, owner):
    AssessmentFactory(user=owner)
    html = owner_client.get(reverse("coaching:quiz_list"), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html and 'id="quiz-history"' in html and "Python quiz" in html


# --- API ----------------------------------------------------------------------------------------


def test_api_create_answers_202_and_the_quiz_is_written(owner_client, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("coaching_api:quiz_list"),
                                     {"category": "Docker", "difficulty": "MEDIUM", "question_count": 3},
                                     content_type="application/json")
    assert response.status_code == 202
    body = response.json()
    quiz = Assessment.objects.get(user=owner)
    assert body["quiz"]["id"] == str(quiz.pk) and body["quiz"]["category"] == "Cloud & DevOps"
    assert body["generation_id"] and body["poll_url"]
    listed = owner_client.get(reverse("coaching_api:quiz_list")).json()
    assert listed["count"] == 1 and listed["results"][0]["status"] == "READY"


def test_api_create_validates_and_counts_quota(owner_client):
    bad = owner_client.post(reverse("coaching_api:quiz_list"), {"category": "Python", "question_count": 50},
                            content_type="application/json")
    assert bad.status_code == 400 and "question_count" in bad.json()["error"]["fields"]
    unknown = owner_client.post(reverse("coaching_api:quiz_list"), {"category": "Basket weaving"},
                                content_type="application/json")
    assert unknown.status_code == 400 and "category" in unknown.json()["error"]["fields"]
    Plan.objects.filter(code="FREE").update(ai_generations_per_day=0)
    over = owner_client.post(reverse("coaching_api:quiz_list"), {"category": "Python"}, content_type="application/json")
    assert over.status_code == 429 and over.json()["error"]["code"] == "quota_exceeded"
    assert not Assessment.objects.exists()


def test_api_never_reveals_answers_before_completion(owner_client, owner):
    quiz = AssessmentFactory(user=owner)
    body = owner_client.get(reverse("coaching_api:quiz_detail", args=[quiz.pk])).json()
    assert len(body["questions"]) == 3
    text = json.dumps(body)
    assert "correct_index" not in text and "explanation" not in text and "Because" not in text
    assert body["questions"][0] == {"question": "Question 0?", "options": ["A", "B", "C", "D"], "topic": "basics"}


def test_api_submit_scores_and_then_reveals(owner_client, owner):
    quiz = AssessmentFactory(user=owner)
    url = reverse("coaching_api:quiz_submit", args=[quiz.pk])
    short = owner_client.post(url, {"answers": [0, 1]}, content_type="application/json")
    assert short.status_code == 400
    out_of_range = owner_client.post(url, {"answers": [0, 1, 7]}, content_type="application/json")
    assert out_of_range.status_code == 400
    done = owner_client.post(url, {"answers": [0, 1, 2]}, content_type="application/json")
    assert done.status_code == 200
    body = done.json()
    assert body["score"] == 100.0 and body["status"] == "COMPLETED"
    assert body["questions"][2]["correct_index"] == 2 and body["questions"][2]["explanation"] == "Because 2."
    again = owner_client.post(url, {"answers": [0, 0, 0]}, content_type="application/json")
    assert again.status_code == 400


def test_api_strangers_get_404(stranger_client, owner):
    quiz = AssessmentFactory(user=owner)
    assert stranger_client.get(reverse("coaching_api:quiz_detail", args=[quiz.pk])).status_code == 404
    assert stranger_client.delete(reverse("coaching_api:quiz_detail", args=[quiz.pk])).status_code == 404
    assert stranger_client.post(reverse("coaching_api:quiz_submit", args=[quiz.pk]), {"answers": [0, 1, 2]},
                                content_type="application/json").status_code == 404
    assert stranger_client.get(reverse("coaching_api:quiz_list")).json()["count"] == 0
    quiz.refresh_from_db()
    assert quiz.status == Assessment.Status.READY


def test_api_delete(owner_client, owner):
    quiz = AssessmentFactory(user=owner)
    assert owner_client.delete(reverse("coaching_api:quiz_detail", args=[quiz.pk])).status_code == 204
    assert not Assessment.objects.exists()


# --- Demo ---------------------------------------------------------------------------------------


def test_demo_seeds_two_completed_quizzes_once(owner):
    from coaching.demo.quizzes import seed_demo_quizzes

    seed_demo_quizzes(seeker=owner)
    quizzes = Assessment.objects.filter(user=owner).order_by("category")
    assert [(q.category, q.status, q.score) for q in quizzes] == [("Python", "COMPLETED", 80.0), ("SQL", "COMPLETED", 60.0)]
    assert all(q.improvement_tip and q.recommendations for q in quizzes)
    seed_demo_quizzes(seeker=owner)
    assert Assessment.objects.filter(user=owner).count() == 2


def test_no_server_error_on_any_quiz_url(client, owner, stranger):
    ready = AssessmentFactory(user=owner)
    done = services.quiz_submit(assessment=AssessmentFactory(user=owner), answers=[0, 1, 2])
    junk = {"category": "x" * 500, "difficulty": "NOPE", "question_count": "-3", "q0": "abc", "q1": "99", "answers": "x"}
    for quiz in (ready, done):
        urls = [reverse("coaching:quiz_list"), reverse("coaching:quiz_new"),
                reverse("coaching_api:quiz_list"), *[url for _, url in _object_urls(quiz)],
                reverse("coaching_api:quiz_detail", args=[quiz.pk]), reverse("coaching_api:quiz_submit", args=[quiz.pk])]
        for user in (owner, stranger, None):
            client.logout()
            if user is not None:
                client.force_login(user)
            for url in urls:
                for response in (client.get(url), client.post(url), client.post(url, junk),
                                 client.post(url, junk, HTTP_HX_REQUEST="true")):
                    assert response.status_code < 500, (url, user, response.status_code)


# --- The openai provider (loopback Chat Completions server) -------------------------------------


def _model_questions(n, *, options=("Ownership", "Borrowing", "Lifetimes", "Traits")):
    return {"questions": [
        {"question": f"Rust question {i}?", "options": list(options), "correct_index": i % 4,
         "explanation": f"Rust explanation {i}.", "topic": "ownership"}
        for i in range(n)
    ]}


def test_openai_quiz_is_validated_and_keeps_the_typed_skill(owner, openai_settings, llm_server,
                                                             django_capture_on_commit_callbacks):
    from tests.coaching.llm_server import json_answer

    llm_server.plan(json_answer(_model_questions(4)))
    quiz, generation = _create(owner, "Rust", "HARD", 3, django_capture_on_commit_callbacks)
    assert quiz.status == Assessment.Status.READY and quiz.provider == "openai"
    assert (quiz.category, quiz.title, quiz.question_count) == ("Rust", "Rust quiz", 3)  # extra question dropped
    assert quiz.questions[2]["correct_index"] == 2 and quiz.questions[0]["options"][1] == "Borrowing"
    prompt = llm_server.requests[0]["messages"][1]["content"]
    assert "3 questions on: Rust" in prompt and "hard" in prompt
    done = services.quiz_submit(assessment=quiz, answers=[0, 1, 0])
    assert done.score == 66.7 and "Ownership" in done.improvement_tip


def test_openai_quiz_with_invalid_questions_twice_fails_clearly(owner, openai_settings, llm_server,
                                                                django_capture_on_commit_callbacks):
    from tests.coaching.llm_server import json_answer

    three_options = _model_questions(3)
    for q in three_options["questions"]:
        q["options"] = q["options"][:3]
    llm_server.plan(json_answer(three_options), json_answer(three_options))
    quiz, generation = _create(owner, "Rust", "EASY", 3, django_capture_on_commit_callbacks)
    generation.refresh_from_db()
    assert quiz.status == Assessment.Status.FAILED and quiz.questions == []
    assert generation.status == Generation.Status.FAILED and generation.error
    assert UsageRecord.objects.get(user=owner).refunded_at is not None
    assert len(llm_server.requests) == 2  # one retry with the validation error


def test_openai_quiz_with_too_few_questions_fails(owner, openai_settings, llm_server, django_capture_on_commit_callbacks):
    from tests.coaching.llm_server import json_answer

    llm_server.plan(json_answer(_model_questions(2)))
    quiz, generation = _create(owner, "Rust", "EASY", 5, django_capture_on_commit_callbacks)
    generation.refresh_from_db()
    assert quiz.status == Assessment.Status.FAILED
    assert "2 questions instead of 5" in generation.error


def test_list_page_query_count_does_not_grow_with_quizzes(owner_client, owner, django_assert_max_num_queries):
    for category in ("SQL", "Python", "Git", "JavaScript"):
        _completed(owner, category, 100)
        AssessmentFactory(user=owner, category=category)
    owner_client.get(reverse("coaching:quiz_list"))  # the first request also records the login session
    with django_assert_max_num_queries(8):
        response = owner_client.get(reverse("coaching:quiz_list"))
    assert response.status_code == 200 and response.content.decode().count('class="chart-bar"') == 4
