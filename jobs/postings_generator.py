"""Realistic synthetic job postings for demo data and the catalog benchmark.

Deterministic: posting ``i`` of ``seed`` is always the same (given the same
``now``), whatever else is generated, so two processes can each make half of a
million rows and together produce exactly what one process would. Everything
comes from curated word lists below; no Faker, no network.

    for row in postings_generate(count=1000, seed=7):
        row["title"], row["company"], row["salary_min"], ...

Each row is a plain dict with the keys ``postings_import`` accepts (values
already typed): title, company, location, is_remote, description, requirements,
salary_min, salary_max, currency, experience_level, job_type, posted_at,
source_url, is_active.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass

# --- Vocabulary ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Role:
    title: str  # "Backend Engineer"
    family: str  # salary band and description flavour
    skills: tuple[str, ...]  # what the requirements and descriptions mention
    specialties: tuple[str, ...] = ()  # "(Python)", "– Payments"


ROLES: tuple[Role, ...] = (
    Role("Backend Engineer", "engineering", ("Python", "Django", "PostgreSQL", "Go", "Java", "Kotlin", "Redis", "Kafka", "REST APIs", "gRPC"), ("Python", "Go", "Java", "Payments", "Platform")),
    Role("Frontend Engineer", "engineering", ("TypeScript", "React", "Vue", "CSS", "accessibility", "Next.js", "GraphQL", "web performance"), ("React", "Vue", "Design Systems")),
    Role("Full Stack Developer", "engineering", ("Python", "Django", "TypeScript", "React", "PostgreSQL", "Node.js", "Ruby on Rails", "AWS"), ("Python", "Rails", "Node.js")),
    Role("Software Engineer", "engineering", ("Java", "C#", ".NET", "Python", "Go", "Rust", "C++", "microservices", "SQL"), ("Java", "C++", "Rust", "Embedded")),
    Role("Mobile Developer", "engineering", ("Swift", "Kotlin", "iOS", "Android", "React Native", "Flutter"), ("iOS", "Android", "Flutter")),
    Role("DevOps Engineer", "infrastructure", ("Kubernetes", "Terraform", "AWS", "GCP", "Azure", "Docker", "CI/CD", "Linux", "Ansible"), ("Kubernetes", "AWS")),
    Role("Site Reliability Engineer", "infrastructure", ("Kubernetes", "Prometheus", "Linux", "Go", "Python", "incident response", "observability"), ()),
    Role("Cloud Architect", "infrastructure", ("AWS", "Azure", "GCP", "Terraform", "networking", "security", "cost optimisation"), ("AWS", "Azure")),
    Role("Data Engineer", "data", ("Python", "SQL", "Spark", "Airflow", "dbt", "Snowflake", "BigQuery", "Kafka"), ("Streaming", "Analytics")),
    Role("Data Scientist", "data", ("Python", "SQL", "statistics", "machine learning", "pandas", "scikit-learn", "experimentation", "R"), ("NLP", "Forecasting")),
    Role("Machine Learning Engineer", "data", ("Python", "PyTorch", "TensorFlow", "MLOps", "Kubernetes", "LLMs", "computer vision"), ("LLMs", "Computer Vision", "Recommendations")),
    Role("Data Analyst", "analytics", ("SQL", "Excel", "Tableau", "Power BI", "Looker", "Python", "stakeholder reporting"), ("Marketing", "Finance", "Product")),
    Role("Security Engineer", "infrastructure", ("application security", "penetration testing", "SIEM", "cloud security", "Python", "threat modelling"), ("AppSec", "Cloud")),
    Role("QA Engineer", "engineering", ("test automation", "Selenium", "Playwright", "Cypress", "Python", "Java", "API testing"), ("Automation",)),
    Role("Product Manager", "product", ("roadmapping", "user research", "analytics", "A/B testing", "Jira", "stakeholder management"), ("Growth", "Payments", "Platform")),
    Role("Product Designer", "design", ("Figma", "user research", "prototyping", "design systems", "accessibility", "interaction design"), ("Mobile", "Design Systems")),
    Role("UX Researcher", "design", ("usability testing", "interviews", "survey design", "synthesis", "Dovetail"), ()),
    Role("Engineering Manager", "management", ("people management", "hiring", "delivery", "architecture", "coaching", "agile"), ("Platform", "Mobile")),
    Role("Technical Writer", "content", ("API documentation", "Markdown", "docs-as-code", "Git", "information architecture"), ()),
    Role("Marketing Manager", "marketing", ("content strategy", "SEO", "paid acquisition", "HubSpot", "campaigns", "analytics"), ("Growth", "Product Marketing")),
    Role("Sales Development Representative", "sales", ("prospecting", "Salesforce", "cold outreach", "qualification", "CRM"), ()),
    Role("Account Executive", "sales", ("SaaS sales", "negotiation", "Salesforce", "pipeline management", "enterprise accounts"), ("Enterprise", "Mid-Market")),
    Role("Customer Success Manager", "support", ("onboarding", "renewals", "Zendesk", "account management", "SaaS"), ()),
    Role("Customer Support Specialist", "support", ("Zendesk", "troubleshooting", "written communication", "ticket triage"), ()),
    Role("Financial Analyst", "finance", ("financial modelling", "Excel", "forecasting", "budgeting", "SQL"), ()),
    Role("Accountant", "finance", ("IFRS", "GAAP", "reconciliation", "month-end close", "Xero", "SAP"), ()),
    Role("HR Business Partner", "people", ("employee relations", "performance reviews", "HRIS", "labour law", "coaching"), ()),
    Role("Recruiter", "people", ("technical recruiting", "sourcing", "Greenhouse", "LinkedIn Recruiter", "employer branding"), ("Technical",)),
    Role("Project Manager", "product", ("Agile", "Scrum", "budgeting", "risk management", "Jira", "stakeholder management"), ()),
    Role("Operations Manager", "operations", ("process improvement", "logistics", "vendor management", "Excel", "KPIs"), ()),
    Role("Registered Nurse", "healthcare", ("patient care", "EHR", "medication administration", "BLS certification"), ("ICU", "Paediatrics")),
    Role("Mechanical Engineer", "hardware", ("CAD", "SolidWorks", "FEA", "prototyping", "manufacturing"), ()),
    Role("Electrical Engineer", "hardware", ("PCB design", "Altium", "embedded systems", "power electronics", "testing"), ()),
    Role("Content Writer", "content", ("copywriting", "SEO", "editing", "CMS", "research"), ()),
    Role("Graphic Designer", "design", ("Adobe Illustrator", "Photoshop", "branding", "typography", "Figma"), ()),
)

# Experience level → (title prefix, salary multiplier, weight)
LEVELS: tuple[tuple[str, str, float, int], ...] = (
    ("INTERN", "Intern", 0.35, 3),
    ("ENTRY", "Junior", 0.6, 8),
    ("JUNIOR", "Junior", 0.7, 12),
    ("MID", "", 1.0, 30),
    ("SENIOR", "Senior", 1.3, 28),
    ("LEAD", "Lead", 1.5, 9),
    ("PRINCIPAL", "Principal", 1.75, 4),
    ("DIRECTOR", "Director of", 2.1, 3),
    ("EXECUTIVE", "VP,", 2.6, 2),
    ("C_LEVEL", "Chief", 3.2, 1),
)

# Base yearly salary (USD, mid level) per family.
FAMILY_SALARY = {
    "engineering": 115_000, "infrastructure": 125_000, "data": 120_000, "analytics": 85_000,
    "product": 120_000, "design": 100_000, "management": 165_000, "content": 70_000,
    "marketing": 85_000, "sales": 75_000, "support": 58_000, "finance": 80_000,
    "people": 78_000, "operations": 72_000, "healthcare": 82_000, "hardware": 98_000,
}

JOB_TYPES: tuple[tuple[str, int], ...] = (
    ("FULL_TIME", 78), ("CONTRACT", 10), ("PART_TIME", 6), ("TEMPORARY", 3), ("INTERNSHIP", 3),
)

# (city, region/country, currency, salary factor vs. US)
LOCATIONS: tuple[tuple[str, str, str, float], ...] = (
    ("New York", "NY, USA", "USD", 1.15), ("San Francisco", "CA, USA", "USD", 1.25),
    ("Seattle", "WA, USA", "USD", 1.15), ("Austin", "TX, USA", "USD", 1.0),
    ("Boston", "MA, USA", "USD", 1.1), ("Chicago", "IL, USA", "USD", 1.0),
    ("Denver", "CO, USA", "USD", 0.97), ("Atlanta", "GA, USA", "USD", 0.93),
    ("Toronto", "ON, Canada", "CAD", 1.05), ("Vancouver", "BC, Canada", "CAD", 1.05),
    ("London", "United Kingdom", "GBP", 0.62), ("Manchester", "United Kingdom", "GBP", 0.52),
    ("Dublin", "Ireland", "EUR", 0.7), ("Berlin", "Germany", "EUR", 0.62),
    ("Munich", "Germany", "EUR", 0.68), ("Hamburg", "Germany", "EUR", 0.6),
    ("Amsterdam", "Netherlands", "EUR", 0.65), ("Paris", "France", "EUR", 0.58),
    ("Lisbon", "Portugal", "EUR", 0.42), ("Porto", "Portugal", "EUR", 0.38),
    ("Madrid", "Spain", "EUR", 0.45), ("Barcelona", "Spain", "EUR", 0.46),
    ("Stockholm", "Sweden", "EUR", 0.6), ("Copenhagen", "Denmark", "EUR", 0.7),
    ("Zurich", "Switzerland", "EUR", 1.05), ("Warsaw", "Poland", "EUR", 0.38),
    ("Prague", "Czechia", "EUR", 0.36), ("Tallinn", "Estonia", "EUR", 0.4),
    ("Sydney", "NSW, Australia", "AUD", 1.2), ("Melbourne", "VIC, Australia", "AUD", 1.15),
    ("Singapore", "Singapore", "USD", 0.85), ("Bangalore", "India", "USD", 0.25),
)
REMOTE_REGIONS = ("Remote — US", "Remote — Europe", "Remote — Worldwide", "Remote — EMEA", "Remote — Americas", "Remote — UK")
CURRENCY_RATE = {"USD": 1.0, "CAD": 1.35, "GBP": 1.0, "EUR": 1.0, "AUD": 1.5}  # factors above are already local

COMPANY_FIRST = (
    "North", "Blue", "Bright", "Silver", "Green", "Red", "Iron", "Clear", "Open", "Swift", "Quantum", "Pixel",
    "Cloud", "Harbor", "Summit", "Maple", "Cedar", "Orbit", "Nova", "Atlas", "Beacon", "Copper", "Lumen",
    "Vertex", "Echo", "Falcon", "Granite", "Helix", "Juniper", "Kite", "Lattice", "Meridian", "Nimbus",
    "Oak", "Polar", "Radiant", "Sable", "Tidal", "Umber", "Vivid", "Willow", "Zephyr", "Aurora", "Crimson",
)
COMPANY_SECOND = (
    "wind", "field", "stone", "bridge", "path", "leaf", "forge", "line", "point", "gate", "wave", "light",
    "works", "stack", "loop", "spark", "frame", "scale", "grid", "shift", "craft", "mark", "nest", "peak",
)
COMPANY_SUFFIX = (
    "Labs", "Analytics", "Health", "Systems", "Software", "Technologies", "Robotics", "Bank", "Insurance",
    "Logistics", "Energy", "Media", "Games", "Security", "Commerce", "Foods", "Mobility", "Learning",
    "Capital", "Biotech", "", "", "", "",
)
# Company suffix → (industry, what the company does)
INDUSTRY_BY_SUFFIX = {
    "Labs": ("developer tools", ("making software teams ship safely", "giving developers faster feedback")),
    "Analytics": ("data analytics", ("turning messy data into decisions", "helping retailers understand demand")),
    "Health": ("digital health", ("making healthcare more accessible", "helping hospitals schedule care")),
    "Systems": ("enterprise software", ("running the back office of 2,000 companies", "simplifying procurement")),
    "Software": ("B2B SaaS", ("helping small businesses get paid faster", "automating payroll for growing teams")),
    "Technologies": ("industrial technology", ("digitising factories", "monitoring critical infrastructure")),
    "Robotics": ("robotics", ("automating warehouses", "building robots that work beside people")),
    "Bank": ("retail banking", ("bringing transparency to personal finance", "serving 3 million customers")),
    "Insurance": ("insurance", ("making insurance simple and fair", "settling claims in minutes")),
    "Logistics": ("logistics", ("cutting carbon emissions across supply chains", "delivering parcels across Europe")),
    "Energy": ("renewable energy", ("putting solar on a million roofs", "balancing the power grid")),
    "Media": ("streaming media", ("bringing independent films to new audiences", "powering podcasts for creators")),
    "Games": ("mobile gaming", ("making games played by 20 million people", "building cosy multiplayer games")),
    "Security": ("cybersecurity", ("protecting companies from online fraud", "securing cloud workloads")),
    "Commerce": ("e-commerce", ("powering checkout for thousands of online stores", "helping brands sell direct")),
    "Foods": ("food delivery", ("delivering groceries in 20 minutes", "reducing food waste")),
    "Mobility": ("urban mobility", ("connecting drivers and riders in 40 cities", "electrifying city transport")),
    "Learning": ("online education", ("giving millions of people better tools to learn", "helping teachers save time")),
    "Capital": ("fintech", ("making investing accessible", "bringing transparency to personal finance")),
    "Biotech": ("biotechnology", ("speeding up drug discovery", "making diagnostics affordable")),
    "": ("software", ("building tools people love", "helping teams work better together")),
}

OPENERS = (
    "{company} is a {stage} {industry} company {mission}.",
    "At {company}, we build {industry} products {mission}.",
    "{company} ({industry}) is growing fast and {mission_verb}.",
    "Join {company}, a {stage} team in {industry} {mission}.",
)
STAGES = ("seed-stage", "Series A", "Series B", "Series C", "profitable", "publicly listed", "bootstrapped", "family-owned", "fast-growing")
MISSION_VERBS = (
    "is hiring across every team", "just raised its next round", "serves customers in over 30 countries",
    "doubled its revenue last year", "is expanding its engineering hub",
)
ROLE_LINES = (
    "As a {title}, you will {duty} and work closely with {partners}.",
    "In this role you will {duty}, {duty2} and help shape how we work.",
    "You will join a team of {team_size} and {duty}.",
    "Day to day you will {duty} and {duty2}.",
)
DUTIES = {
    "engineering": ("design, build and operate services used by millions", "write clean, well-tested code", "review pull requests and mentor teammates", "improve the performance of our core APIs", "own features from idea to production"),
    "infrastructure": ("run and scale our cloud platform", "automate deployments and infrastructure", "improve reliability and on-call health", "harden our systems against attacks", "build observability into everything we ship"),
    "data": ("build reliable data pipelines", "train and evaluate machine learning models", "turn raw data into product insight", "design experiments and analyse the results", "ship models to production"),
    "analytics": ("build dashboards the whole company relies on", "answer business questions with data", "define and track key metrics", "automate recurring reports"),
    "product": ("own the roadmap for a product area", "talk to customers every week", "turn insight into clear priorities", "coordinate delivery across teams"),
    "design": ("design end-to-end user experiences", "run research and usability tests", "evolve our design system", "prototype ideas quickly"),
    "management": ("lead and grow a team of engineers", "hire and coach great people", "own delivery and technical direction", "partner with product on strategy"),
    "content": ("write clear documentation and guides", "own our editorial calendar", "edit and publish content weekly"),
    "marketing": ("plan and run multi-channel campaigns", "grow organic traffic", "own our messaging and positioning"),
    "sales": ("build and manage a healthy pipeline", "run discovery calls and demos", "close new business", "partner with marketing on outbound"),
    "support": ("help customers succeed with our product", "resolve tickets quickly and kindly", "turn feedback into product improvements"),
    "finance": ("own forecasting and budgeting", "prepare monthly financial reports", "support audits and month-end close"),
    "people": ("partner with leaders on people topics", "run hiring processes end to end", "improve our performance and growth programmes"),
    "operations": ("improve processes across the business", "manage vendors and budgets", "track and improve operational KPIs"),
    "healthcare": ("provide high-quality patient care", "coordinate with doctors and families", "keep accurate patient records"),
    "hardware": ("design and test new hardware", "work with manufacturing partners", "take prototypes to production"),
}
PARTNERS = ("product managers and designers", "our data team", "customers and support", "engineers across the company", "the leadership team")
TEAM_SIZES = ("5", "6", "8", "10", "12", "15", "20")
REQUIREMENT_TEMPLATES = (
    "{years}+ years of experience with {skill}",
    "Strong knowledge of {skill}",
    "Hands-on experience with {skill} and {skill2}",
    "Experience with {skill} in production",
    "Familiarity with {skill}",
)
SOFT_REQUIREMENTS = (
    "Excellent written and spoken English", "Comfortable working in a remote-first team",
    "A degree in a relevant field or equivalent experience", "Clear communication with non-technical colleagues",
    "Ownership mindset and curiosity", "Experience mentoring others",
)
BENEFITS = (
    "Competitive salary and equity.", "30 days of paid holiday.", "A yearly learning budget.",
    "Private health insurance for you and your family.", "Flexible working hours.",
    "A home-office budget.", "Paid parental leave.", "Four-day work week in summer.",
    "Pension contributions matched.", "Annual team retreat.",
)
CLOSERS = (
    "We welcome applicants of every background; tell us what you would bring.",
    "Apply with your resume and a few lines about why this role.",
    "Our process: a short call, a practical exercise and a final conversation.",
    "We reply to every application within two weeks.",
)

# --- Generator ---------------------------------------------------------------------------------

# Posting dates: a year of postings, denser towards today (a market growing by about a
# fifth a quarter), so market statistics such as industry growth have two honest windows.
MAX_AGE_DAYS = 365
AGE_SKEW = 1.15


def _weighted(rng: random.Random, options: tuple[tuple, ...]) -> tuple:
    """One of ``options``, each a tuple whose last item is its weight."""
    return rng.choices(options, weights=[o[-1] for o in options])[0]


def _company(rng: random.Random) -> tuple[str, str, str]:
    """(name, industry, mission)"""
    suffix = rng.choice(COMPANY_SUFFIX)
    name = rng.choice(COMPANY_FIRST) + rng.choice(COMPANY_SECOND)
    industry, missions = INDUSTRY_BY_SUFFIX[suffix]
    return (f"{name} {suffix}" if suffix else name), industry, rng.choice(missions)


def _title(rng: random.Random, role: Role, prefix: str) -> str:
    title = role.title
    if prefix in ("Director of", "VP,"):
        title = f"{prefix} {role.title.replace('Engineer', 'Engineering').replace('Developer', 'Development')}"
    elif prefix == "Chief":
        title = {"engineering": "Chief Technology Officer", "infrastructure": "Chief Information Security Officer",
                 "data": "Chief Data Officer", "product": "Chief Product Officer", "design": "Chief Design Officer",
                 "marketing": "Chief Marketing Officer", "sales": "Chief Revenue Officer", "finance": "Chief Financial Officer",
                 "people": "Chief People Officer"}.get(role.family, "Chief Operating Officer")
    elif prefix == "Intern":
        title = f"{role.title} Intern"
    elif prefix:
        title = f"{prefix} {role.title}"
    if role.specialties and prefix not in ("Chief",) and rng.random() < 0.45:
        specialty = rng.choice(role.specialties)
        title += f" ({specialty})" if rng.random() < 0.6 else f" – {specialty}"
    return title


def _description(rng: random.Random, *, company: str, industry: str, mission: str, title: str, role: Role,
                 skills: list[str], remote: bool, location: str) -> str:
    duties = DUTIES[role.family]
    opener = rng.choice(OPENERS).format(
        company=company, industry=industry, stage=rng.choice(STAGES), mission=mission,
        mission_verb=rng.choice(MISSION_VERBS),
    )
    duty, duty2 = rng.sample(duties, 2) if len(duties) > 1 else (duties[0], duties[0])
    role_line = rng.choice(ROLE_LINES).format(
        title=title, duty=duty, duty2=duty2, partners=rng.choice(PARTNERS), team_size=rng.choice(TEAM_SIZES),
    )
    stack = ", ".join(skills[:-1]) + f" and {skills[-1]}" if len(skills) > 1 else skills[0]
    tech_line = f"Our stack includes {stack}." if role.family in ("engineering", "infrastructure", "data") else (
        f"You will use {stack} every day."
    )
    where = (
        f"This is a fully remote position ({location.removeprefix('Remote — ')})."
        if remote else f"The role is based in our {location.split(',')[0]} office{rng.choice(('', ' with two remote days a week', ', hybrid'))}."
    )
    benefits = " ".join(rng.sample(BENEFITS, 3))
    return "\n\n".join((f"{opener} {role_line}", f"{tech_line} {where}", f"What we offer: {benefits}", rng.choice(CLOSERS)))


def _requirements(rng: random.Random, skills: list[str], level_value: str) -> list[str]:
    years = {"INTERN": 0, "ENTRY": 1, "JUNIOR": 1, "MID": 3, "SENIOR": 5, "LEAD": 7, "PRINCIPAL": 9}.get(level_value, 10)
    out = []
    for i, skill in enumerate(skills[: rng.randint(2, 4)]):
        template = rng.choice(REQUIREMENT_TEMPLATES)
        if years == 0 and "years" in template:
            template = "Familiarity with {skill}"
        out.append(template.format(years=max(years - i, 1), skill=skill, skill2=skills[(i + 1) % len(skills)]))
    out += rng.sample(SOFT_REQUIREMENTS, rng.randint(1, 2))
    return out


def posting_generate(index: int, *, seed: int = 0, now: datetime.datetime | None = None,
                     rng: random.Random | None = None) -> dict:
    """Posting number ``index`` of ``seed``: always the same for the same (seed, index, now)."""
    if now is None:
        now = datetime.datetime.now(datetime.UTC)
    rng = rng or random.Random()
    rng.seed(seed * 1_000_003 + index)
    role = rng.choice(ROLES)
    level_value, prefix, level_factor, _ = _weighted(rng, LEVELS)
    if role.family == "management" and level_factor < 1.3:
        level_value, prefix, level_factor, _ = LEVELS[4]  # nobody hires a junior manager
    job_type = "INTERNSHIP" if level_value == "INTERN" else _weighted(rng, JOB_TYPES)[0]
    if job_type == "INTERNSHIP" and level_value != "INTERN":
        level_value, prefix, level_factor = "INTERN", "Intern", 0.35
    title = _title(rng, role, prefix)
    company, industry, mission = _company(rng)

    remote = rng.random() < 0.3
    city, region, currency, place_factor = rng.choice(LOCATIONS)
    if remote:
        location = rng.choice(REMOTE_REGIONS)
        currency = {"Remote — Europe": "EUR", "Remote — EMEA": "EUR", "Remote — UK": "GBP"}.get(location, "USD")
        place_factor = {"EUR": 0.6, "GBP": 0.6}.get(currency, 1.0)
    else:
        location = f"{city}, {region}"

    skills = rng.sample(role.skills, min(len(role.skills), rng.randint(3, 5)))
    salary_min = salary_max = None
    if rng.random() < 0.82:  # some postings never say
        base = FAMILY_SALARY[role.family] * level_factor * place_factor * CURRENCY_RATE[currency]
        if job_type in ("PART_TIME", "INTERNSHIP"):
            base *= 0.55
        low = base * rng.uniform(0.85, 1.0)
        salary_min = int(round(low, -3))
        salary_max = int(round(low * rng.uniform(1.1, 1.45), -3))
        if rng.random() < 0.05:
            salary_max = None  # "from 80,000"

    age = MAX_AGE_DAYS * rng.random() ** AGE_SKEW * 86_400
    posted_at = now - datetime.timedelta(seconds=int(age))
    slug = company.lower().replace(" ", "-")
    return {
        "title": title,
        "company": company,
        "location": location,
        "is_remote": remote,
        "description": _description(rng, company=company, industry=industry, mission=mission, title=title, role=role,
                                    skills=skills, remote=remote, location=location),
        "requirements": _requirements(rng, skills, level_value),
        "salary_min": salary_min,
        "salary_max": salary_max,
        "currency": currency,
        "experience_level": level_value,
        "job_type": job_type,
        "posted_at": posted_at,
        "source_url": f"https://careers.{slug}.example.com/jobs/{seed}-{index}",
        "is_active": rng.random() < 0.96,
    }


def postings_generate(count: int, *, seed: int = 0, start: int = 0,
                      now: datetime.datetime | None = None) -> Iterator[dict]:
    """Postings ``start`` … ``start + count - 1`` of ``seed``."""
    now = now or datetime.datetime.now(datetime.UTC)
    rng = random.Random()
    for index in range(start, start + count):
        yield posting_generate(index, seed=seed, now=now, rng=rng)


def search_terms() -> list[str]:
    """Words a job seeker would type, all of which occur in generated postings (benchmark queries)."""
    words = {role.title.split()[-1].lower() for role in ROLES}
    for role in ROLES:
        words.update(skill.lower() for skill in role.skills if skill.isascii() and skill.isalpha())
        words.update(s.lower() for s in role.specialties if s.isalpha())
    return sorted(word for word in words if len(word) > 2)
