"""The AI coach in a real browser, with the offline coach.

The live server runs Celery tasks eagerly (test settings: on commit, in the request's own
thread), so a generation is finished by the time the page that asked for it loads; the
pages still go through the generation poller when it is not. Each test builds its own user
with factories (never the slow demo seed) and logs in through the session cookie.
"""

from __future__ import annotations

import datetime
import os
import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from accounts.models import Profile, Skill
from coaching.models import Assessment, Conversation, CoverLetter, Goal, GoalMilestone, Message, MockInterview
from tests.accounts.factories import UserFactory
from tests.jobs.factories import JobFactory, JobPostingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("CAREERCOACH_SCREENSHOTS")  # a folder, to look at the pages


def _detail_url(section: str) -> re.Pattern:
    """The URL of one object of a coach section (a UUID, so never ".../new/")."""
    return re.compile(rf"/coach/{section}/[0-9a-f-]{{36}}/$")


def _shot(tab, name: str) -> None:
    if SCREENSHOTS:
        tab.screenshot(path=os.path.join(SCREENSHOTS, f"coach-{name}.png"), full_page=True)


def _seeker(live_server, tab, *, email: str, skills: tuple[str, ...] = ("Python", "SQL"), industry: str = ""):
    """A job seeker with a profile and skills, logged in in ``tab``."""
    user = UserFactory(email=email, first_name="Sam")
    Profile.objects.filter(user=user).update(headline="Data analyst", industry=industry)
    for name in skills:
        Skill.objects.create(profile=user.profile, name=name)
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    tab.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
    return user


def test_chat_from_the_hub(page, live_server):
    user = _seeker(live_server, page, email="chat.seeker@example.com")
    JobFactory(user=user, title="Data Analyst", company="Acme Analytics")

    page.goto("/coach/")
    page.locator("#hub-chat").wait_for()
    page.get_by_role("link", name="New chat").click()
    page.wait_for_url("**/coach/chat/new/")
    page.fill("textarea[name=message]", "what should I do next?")
    page.get_by_role("button", name="Ask the coach").click()
    page.wait_for_url(_detail_url("chat"))

    answer = page.locator(".chat-bubble.chat-assistant[data-status=DONE]")
    answer.wait_for()
    assert "what should I do next?" in page.locator(".chat-bubble.chat-user").inner_text()
    assert "Offline coach" in answer.inner_text()
    # The offline coach works from the user's own board (one job, in "interested").
    assert "Your board has 1 job (interested: 1)" in answer.locator(".chat-markdown").inner_text()
    _shot(page, "chat-answer")

    # A follow-up goes out through htmx and its answer appears without a reload.
    page.evaluate("window.__samePage = true")
    page.fill("#chat-send-form textarea[name=message]", "What skills am I missing?")
    page.get_by_role("button", name="Send").click()
    page.locator(".chat-bubble.chat-assistant[data-status=DONE]").nth(1).wait_for()
    assert page.locator(".chat-bubble.chat-user").count() == 2
    assert page.evaluate("window.__samePage === true")

    page.locator(".chat-rename summary").click()
    page.fill("#chat-title-block input[name=title]", "Next steps in my search")
    page.get_by_role("button", name="Save title").click()
    page.locator("#chat-title-text", has_text="Next steps in my search").wait_for()
    assert page.evaluate("window.__samePage === true")

    conversation = Conversation.objects.get(user=user)
    assert conversation.title == "Next steps in my search"
    assert list(conversation.messages.values_list("role", "status").order_by("created_at")) == [
        ("user", Message.Status.DONE),
        ("assistant", Message.Status.DONE),
        ("user", Message.Status.DONE),
        ("assistant", Message.Status.DONE),
    ]
    page.goto("/coach/chat/")
    assert "Next steps in my search" in page.locator("main").inner_text()


def test_mock_interview_with_report_and_trend(page, live_server):
    user = _seeker(live_server, page, email="interview.seeker@example.com")

    page.goto("/coach/interviews/")
    page.get_by_role("link", name="Start your first mock interview").click()
    page.wait_for_url("**/coach/interviews/new/")
    page.fill("input[name=target_role]", "Data analyst")
    page.select_option("select[name=interview_type]", "BEHAVIORAL")
    page.fill("input[name=question_count]", "3")
    page.get_by_role("button", name="Start the interview").click()
    page.wait_for_url(_detail_url("interviews"))

    answers = [
        "Situation: our weekly report took two days. Task: automate it. Action: I wrote a Python and SQL "
        "pipeline. Result: it now takes 20 minutes and saved the team 10 hours a week.",
        "When two colleagues disagreed on a metric, I set up a meeting, we compared both definitions on real "
        "data and agreed on one; the dashboard errors dropped by 30% the next month.",
        "I missed a deadline once because I underestimated the data cleaning. I told my manager early, "
        "split the work and since then I add a 20% buffer to estimates.",
    ]
    page.locator("#interview-body[data-status=IN_PROGRESS]").wait_for()
    _shot(page, "interview-question")
    page.evaluate("window.__samePage = true")
    for number, answer in enumerate(answers, start=1):
        page.locator(".progress-label", has_text=f"Question {number} of 3").wait_for()
        page.fill("#interview-answer-form textarea[name=answer]", answer)
        page.locator("#interview-answer-form button[type=submit]").click()
    page.locator("#interview-body[data-status=COMPLETED]").wait_for()
    assert page.evaluate("window.__samePage === true")  # answered and scored without a reload

    report = page.locator("#interview-body")
    scores = page.locator(".interview-score strong").all_inner_texts()
    assert len(scores) == 4 and all(text.isdigit() and 0 <= int(text) <= 100 for text in scores)
    assert page.locator(".interview-turn-score").count() == 3
    assert "20 minutes" in report.inner_text()  # the transcript is part of the report
    _shot(page, "interview-report")

    interview = MockInterview.objects.get(user=user)
    assert interview.status == MockInterview.Status.COMPLETED and interview.question_count == 3
    assert [turn["answer"] for turn in interview.turns] == answers
    assert scores[0] == f"{interview.overall_score:.0f}"

    page.goto("/coach/interviews/")
    chart = page.locator("svg.score-trend")
    chart.wait_for()
    assert chart.bounding_box()["width"] > 300  # readable, not a thumbnail
    assert f"{interview.overall_score:.0f}/100" in page.locator("#interview-history").inner_text()
    _shot(page, "interview-trend")


def test_quiz_generate_answer_submit(page, live_server):
    user = _seeker(live_server, page, email="quiz.seeker@example.com")

    page.goto("/coach/quizzes/new/")
    page.fill("input[name=category]", "SQL")
    page.fill("input[name=question_count]", "3")
    page.get_by_role("button", name="Write my quiz").click()
    page.wait_for_url(_detail_url("quizzes"))

    questions = page.locator("#quiz-answer-form fieldset.quiz-question")
    questions.first.wait_for()
    assert questions.count() == 3
    page.evaluate("window.__samePage = true")
    for index in range(3):
        questions.nth(index).locator("input[type=radio]").first.check()
    _shot(page, "quiz-questions")
    page.get_by_role("button", name="Submit answers").click()

    page.locator("#quiz-score").wait_for()
    assert page.evaluate("window.__samePage === true")
    quiz = Assessment.objects.get(user=user)
    assert quiz.status == Assessment.Status.COMPLETED
    correct = sum(1 for question in quiz.questions if question["correct_index"] == 0)
    assert page.locator(".quiz-score").inner_text() == f"{quiz.score:g}%"
    assert f"{correct} of 3 correct" in page.locator("#quiz-score").inner_text()
    results = page.locator("article.quiz-result")
    assert results.count() == 3
    for index, question in enumerate(quiz.questions):
        assert question["explanation"] in results.nth(index).inner_text()
    _shot(page, "quiz-results")


def test_goal_with_milestones_progress_without_reload(page, live_server):
    user = _seeker(live_server, page, email="goal.seeker@example.com")

    page.goto("/coach/goals/new/")
    page.fill("#goal-form input[name=title]", "Apply to 5 jobs this week")
    page.fill("#goal-form textarea[name=milestones]", "Shortlist 5 jobs\nSend 5 applications")
    page.get_by_role("button", name="Create goal").click()
    page.wait_for_url(_detail_url("goals"))

    goal = Goal.objects.get(user=user)
    assert list(goal.milestones.order_by("sort_order", "created_at").values_list("title", flat=True)) == [
        "Shortlist 5 jobs",
        "Send 5 applications",
    ]
    assert page.locator("#milestones .progress-label").inner_text().endswith("0%")
    page.evaluate("window.__samePage = true")
    page.get_by_role("checkbox", name="Shortlist 5 jobs").click()
    page.locator("#milestones .progress-label", has_text="50%").wait_for()
    assert page.evaluate("window.__samePage === true")
    assert page.get_by_role("checkbox", name="Shortlist 5 jobs").get_attribute("aria-checked") == "true"
    assert page.locator("#milestones progress").get_attribute("value") == "50"
    _shot(page, "goal-progress")

    goal.refresh_from_db()
    assert goal.progress == 50
    assert GoalMilestone.objects.get(title="Shortlist 5 jobs").is_done


def test_cover_letter_from_pasted_job_and_pdf(page, live_server):
    user = _seeker(live_server, page, email="letter.seeker@example.com", skills=("Python", "SQL", "Tableau"))

    page.goto("/coach/cover-letters/new/")
    page.fill("input[name=company_name]", "Northwind Traders")
    page.fill("input[name=job_title]", "Junior Data Analyst")
    page.fill(
        "textarea[name=job_description]",
        "We are looking for a data analyst. Requirements: SQL, Python and Tableau. Nice to have: dbt.",
    )
    page.get_by_role("button", name="Write the letter").click()
    page.wait_for_url(_detail_url("cover-letters"))

    letter = CoverLetter.objects.get(user=user)
    body = page.locator("article.letter-text")
    body.wait_for()
    page.get_by_role("link", name="PDF").wait_for()
    letter.refresh_from_db()
    assert letter.status == CoverLetter.Status.DRAFT and letter.provider == "offline"
    main = page.locator("main").inner_text()
    assert "Northwind Traders" in main and "Junior Data Analyst" in main
    assert letter.content.splitlines()[0].strip() in main  # the letter itself is shown
    _shot(page, "cover-letter")

    pdf_url = page.get_by_role("link", name="PDF").get_attribute("href")
    response = page.request.get(pdf_url)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


def test_insight_page_renders_its_charts(page, live_server):
    _seeker(live_server, page, email="insight.seeker@example.com", industry="Software")
    now = timezone.now()
    for i in range(8):
        JobPostingFactory(
            title="Senior Software Engineer" if i % 2 else "Software Engineer",
            description="Build web services.",
            requirements=["Python", "Docker"] if i % 2 else ["Python", "SQL"],
            salary_min=55_000 + i * 5_000,
            salary_max=70_000 + i * 5_000,
            currency="EUR",
            posted_at=now - datetime.timedelta(days=3 + i * 20),
        )

    page.goto("/coach/insights/")
    page.get_by_role("button", name="Compute it now").click()
    page.locator("#insight-body svg").first.wait_for()
    _shot(page, "insight")

    charts = page.locator("#insight-body svg")
    assert charts.count() == 3  # salaries by role, postings per month, top skills
    for index in range(3):
        box = charts.nth(index).bounding_box()
        assert box["width"] > 250 and box["height"] > 50
    text = page.locator("#insight-body").inner_text()
    assert "Based on 8 active postings" in text
    assert "Docker" in text  # a top skill the profile lacks, under "Skills to learn"
