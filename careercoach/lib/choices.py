"""Domain enumerations shared by several apps (profiles and jobs)."""

from django.db import models


class WorkMode(models.TextChoices):
    REMOTE = "REMOTE", "Remote"
    HYBRID = "HYBRID", "Hybrid"
    ONSITE = "ONSITE", "On-site"


class JobType(models.TextChoices):
    FULL_TIME = "FULL_TIME", "Full-time"
    PART_TIME = "PART_TIME", "Part-time"
    CONTRACT = "CONTRACT", "Contract"
    INTERNSHIP = "INTERNSHIP", "Internship"
    TEMPORARY = "TEMPORARY", "Temporary"


class ExperienceLevel(models.TextChoices):
    INTERN = "INTERN", "Intern"
    ENTRY = "ENTRY", "Entry level"
    JUNIOR = "JUNIOR", "Junior"
    MID = "MID", "Mid level"
    SENIOR = "SENIOR", "Senior"
    LEAD = "LEAD", "Lead"
    PRINCIPAL = "PRINCIPAL", "Principal"
    DIRECTOR = "DIRECTOR", "Director"
    EXECUTIVE = "EXECUTIVE", "Executive"
    C_LEVEL = "C_LEVEL", "C-level"
