"""Demo data: a job seeker with a full profile, a verified mentor and an admin."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction

from accounts import services
from accounts.models import Certification, Education, Experience, Skill, User
from careercoach.lib.choices import ExperienceLevel, JobType, WorkMode
from coaching import services as coaching_services


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str


DEMO_LOGINS = (
    DemoLogin("Job seeker", "seeker@demo.careercoach.local", "demo-seeker-pass"),
    DemoLogin("Mentor", "mentor@demo.careercoach.local", "demo-mentor-pass"),
    DemoLogin("Admin", "admin@demo.careercoach.local", "demo-admin-pass"),
)

EXPERIENCES = [
    dict(company="Northwind Analytics", title="Senior Backend Engineer", location="Berlin, Germany",
         work_mode=WorkMode.HYBRID, start_date=datetime.date(2021, 4, 1), is_current=True,
         description="Lead the data ingestion platform serving 40 enterprise customers.",
         achievements=["Cut p95 API latency from 900 ms to 180 ms", "Mentored 4 engineers"],
         technologies=["Python", "Django", "PostgreSQL", "Celery", "AWS"]),
    dict(company="Contoso Retail", title="Software Engineer", location="Munich, Germany",
         work_mode=WorkMode.ONSITE, start_date=datetime.date(2018, 2, 1), end_date=datetime.date(2021, 3, 31),
         description="Built checkout and inventory services for 120 stores.",
         achievements=["Shipped a new checkout used by 2M customers a year"],
         technologies=["Python", "Flask", "Redis", "Docker"]),
]
EDUCATIONS = [
    dict(institution="Technical University of Munich", degree="MSc", field_of_study="Informatics",
         start_date=datetime.date(2015, 10, 1), end_date=datetime.date(2017, 9, 30), gpa="1.7"),
    dict(institution="University of Porto", degree="BSc", field_of_study="Computer Science",
         start_date=datetime.date(2012, 9, 1), end_date=datetime.date(2015, 7, 31)),
]
SKILLS = [
    ("Python", "Programming", Skill.Level.EXPERT, 8), ("Django", "Frameworks", Skill.Level.EXPERT, 6),
    ("PostgreSQL", "Databases", Skill.Level.ADVANCED, 6), ("AWS", "Cloud", Skill.Level.INTERMEDIATE, 3),
    ("Leadership", "Soft skills", Skill.Level.ADVANCED, 3),
]
CERTIFICATIONS = [
    dict(name="AWS Certified Developer – Associate", issuing_organization="Amazon Web Services",
         issue_date=datetime.date(2022, 5, 10), expiry_date=datetime.date(2025, 5, 10), credential_id="AWS-DEV-1234"),
    dict(name="Professional Scrum Master I", issuing_organization="Scrum.org",
         issue_date=datetime.date(2020, 11, 2), does_not_expire=True),
]


def _user(login: DemoLogin, **fields) -> tuple[User, bool]:
    user = User.objects.filter(email__iexact=login.email).first()
    created = user is None
    if created:
        user = services.user_create(email=login.email, password=login.password, **fields)
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user, created


@transaction.atomic
def seed_demo() -> dict[str, bool]:
    """Create the demo accounts; rows that already exist are left as they are."""
    seeker_login, mentor_login, admin_login = DEMO_LOGINS
    seeker, seeker_created = _user(
        seeker_login, first_name="Ana", last_name="Ribeiro", experience_level=ExperienceLevel.SENIOR,
        timezone="Europe/Berlin",
    )
    if seeker_created:
        profile = services.profile_ensure(user=seeker)
        services.profile_update(profile=profile, data=dict(
            headline="Backend engineer who turns messy data into reliable products",
            bio="Eight years building Python services. Looking for a staff-level role in climate tech.",
            location="Berlin, Germany", city="Berlin", country="Germany", zip_code="10115",
            linkedin_url="https://www.linkedin.com/in/ana-ribeiro-demo",
            github_url="https://github.com/ana-ribeiro-demo",
            current_title="Senior Backend Engineer", current_company="Northwind Analytics",
            years_of_experience=8, industry="Software", desired_title="Staff Engineer",
            desired_salary_min=95000, desired_salary_max=120000, salary_currency="EUR",
            desired_work_mode=WorkMode.HYBRID, desired_job_types=[JobType.FULL_TIME],
            willing_to_relocate=True, preferred_locations=["Berlin", "Amsterdam", "Remote (EU)"],
            current_skills=["Python", "Django", "PostgreSQL"], target_skills=["Kubernetes", "Rust"],
        ))
        for data in EXPERIENCES:
            services.profile_item_create(profile=profile, model=Experience, data=data)
        for data in EDUCATIONS:
            services.profile_item_create(profile=profile, model=Education, data=data)
        for name, category, level, years in SKILLS:
            services.profile_item_create(profile=profile, model=Skill, data=dict(
                name=name, category=category, level=level, years_of_experience=years))
        for data in CERTIFICATIONS:
            services.profile_item_create(profile=profile, model=Certification, data=data)

    mentor, mentor_created = _user(mentor_login, first_name="Marcus", last_name="Lee", role=User.Role.MENTOR)
    if mentor_created:
        services.profile_update(profile=services.profile_ensure(user=mentor), data=dict(
            headline="Engineering manager, 15 years of hiring engineers", current_title="Engineering Manager",
            current_company="Fabrikam", industry="Software", years_of_experience=15,
        ))
    admin_user, admin_created = _user(admin_login, first_name="Ada", last_name="Admin", role=User.Role.ADMIN,
                                      is_staff=True, is_superuser=True)
    coaching_services.mentor_verify(user=mentor, verified_by=admin_user)
    return {"seeker": seeker_created, "mentor": mentor_created, "admin": admin_created}
