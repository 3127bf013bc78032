from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import DEMO_LOGINS, seed_demo
from accounts.models import User
from coaching.demo import seed_demo_reviews
from coaching.demo.ai import seed_demo_ai_coach
from jobs.demo import seed_demo_board, seed_demo_catalog, seed_demo_resume


class Command(BaseCommand):
    help = "Create demo accounts (job seeker with a full profile, verified mentor, admin). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Do nothing if the demo data exists already.")
        parser.add_argument(
            "--allow-production", action="store_true",
            help="Seed even with DEBUG off (the demo passwords are public: never on a real site).",
        )

    def handle(self, *args, once: bool, allow_production: bool, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError("Refusing to create accounts with public passwords while DEBUG is off "
                               "(pass --allow-production if this really is a demo site).")
        # Fully loaded: the last step (the AI coach's growth story) has run. Anything missing from an
        # older demo database is added; every step below is idempotent.
        exists = User.objects.filter(email__iexact=DEMO_LOGINS[0].email, stories__isnull=False).exists()
        if once and exists:
            self.stdout.write("Demo data is already loaded.")
        else:
            created = seed_demo()
            made = [name for name, was_created in created.items() if was_created]
            self.stdout.write(f"Demo accounts loaded ({', '.join(made) or 'nothing new'} created).")
            seeker = User.objects.get(email__iexact=DEMO_LOGINS[0].email)
            jobs = seed_demo_board(user=seeker)
            postings = seed_demo_catalog()
            self.stdout.write(f"Demo job search loaded ({jobs} tracked jobs, {postings} catalog postings created).")
            resume = seed_demo_resume(user=seeker)
            mentor = User.objects.get(email__iexact=DEMO_LOGINS[1].email)
            reviews = seed_demo_reviews(seeker=seeker, mentor=mentor)
            state = f"resume {resume.get_status_display().lower()}" if resume else "resume already there"
            self.stdout.write(f"Demo resume and reviews loaded ({state}, {reviews} mentor reviews created).")
            self.stdout.write(f"Demo AI coach loaded ({seed_demo_ai_coach(seeker=seeker)}).")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo logins:"))
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.role:<11} {login.email:<34} password: {login.password}")
        self.stdout.write("")
