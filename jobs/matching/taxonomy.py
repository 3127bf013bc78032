"""A curated skills taxonomy with aliases, and a fast matcher.

``find_skills(text)`` maps canonical skill names to the lines that mention them;
``skill_set(text)`` returns only the names (the fast path used when scoring many
postings); ``canonical(name)`` resolves an alias ("JS", "k8s", "Postgres").

How text is matched (why it is token based): the text is lowercased and cut into
tokens that keep the symbols skills are spelled with (``c++``, ``c#``, ``.net``,
``node.js``, ``ci/cd`` → ``ci / cd``); punctuation that ends a phrase (``,;:()``
and a sentence's final dot) stays a token of its own. A one-token alias is a set
lookup, a several-token alias ("machine learning", "scikit-learn") is a substring
test on the space-joined tokens, so "machine, learning" never matches. No regex
alternation over hundreds of aliases: scoring 10,000 postings stays well under a
second.

Ambiguous words (the documented rule):
- ``CASED`` skills ("Excel", "Spark", "Swift", "Rust", "Ruby", "Express", …) count
  only when written capitalised (or in capitals): "excel at", "spark joy" and
  "swift delivery" are not skills.
- ``LISTED`` one-letter/two-letter languages ("Go", "R", "C") count only when written
  exactly so AND they stand in a list of skills: a neighbour (spaces skipped) is a
  list separator — ``, / | ; ( )`` — or "and"/"or" inside a sentence, or a colon
  before them ("Languages: Go"). "Go to market", "Let's go", "R&D" and "John R. Smith" never
  count. "Golang" and "Go (Golang)" always do.
"""

from __future__ import annotations

import re

# Category → {canonical: "alias|alias|…"}. The canonical name is always an alias of itself.
TAXONOMY: dict[str, dict[str, str]] = {
    "Programming languages": {
        "Python": "python|python3|py3", "JavaScript": "js|javascript|ecmascript|es6|es2015|vanilla js",
        "TypeScript": "ts|typescript", "Java": "java|java 8|java 11|java 17", "Kotlin": "kotlin",
        "Go": "golang|go lang", "Rust": "", "C": "", "C++": "c++|cpp", "C#": "c#|csharp|c sharp",
        "Ruby": "", "PHP": "php", "Swift": "", "Objective-C": "objective-c|objective c|objc",
        "Scala": "scala", "R": "", "MATLAB": "matlab", "Perl": "perl", "Haskell": "haskell",
        "Elixir": "elixir", "Erlang": "erlang", "Clojure": "clojure", "Dart": "dart", "Lua": "lua",
        "Julia": "", "SQL": "sql", "Bash": "bash|shell scripting|shell script|unix shell",
        "PowerShell": "powershell", "Groovy": "groovy", "F#": "f#", "VBA": "vba|excel vba",
        "Solidity": "solidity", "COBOL": "cobol", "Fortran": "fortran", "Assembly": "assembly language|x86 assembly",
        "HTML": "html|html5", "CSS": "css|css3", "Sass": "sass|scss", "Visual Basic": "visual basic|vb.net",
    },
    "Frameworks and libraries": {
        "React": "react|react.js|reactjs", "React Native": "react native", "Angular": "angularjs|angular.js",
        "Vue": "vue|vue.js|vuejs", "Next.js": "next.js|nextjs", "Nuxt": "nuxt|nuxt.js", "Svelte": "svelte|sveltekit",
        "Redux": "redux", "jQuery": "jquery", "Tailwind CSS": "tailwind|tailwind css|tailwindcss",
        "Bootstrap": "bootstrap", "Node.js": "node.js|nodejs|node js", "Express": "express.js|expressjs",
        "NestJS": "nestjs|nest.js", "Django": "django", "Django REST Framework": "django rest framework|drf",
        "Flask": "", "FastAPI": "fastapi", "Celery": "celery", "Spring": "spring|spring framework",
        "Spring Boot": "spring boot|springboot", "Hibernate": "hibernate", ".NET": ".net|dotnet|.net core|.net framework",
        "ASP.NET": "asp.net|asp.net core|asp.net mvc", "Entity Framework": "entity framework",
        "Ruby on Rails": "ruby on rails|rails|ror", "Laravel": "laravel", "Symfony": "symfony",
        "Phoenix": "", "Flutter": "flutter", "SwiftUI": "swiftui", "Jetpack Compose": "jetpack compose",
        "GraphQL": "graphql", "gRPC": "grpc", "REST APIs": "rest api|rest apis|restful|restful api|restful apis",
        "WebSockets": "websocket|websockets", "Unity": "", "Unreal Engine": "unreal engine|unreal",
        "Electron": "electron", "Three.js": "three.js|threejs", "D3.js": "d3|d3.js",
        "pandas": "pandas", "NumPy": "numpy", "SciPy": "scipy", "scikit-learn": "scikit-learn|sklearn|scikit learn",
        "TensorFlow": "tensorflow", "PyTorch": "pytorch|torch", "Keras": "keras", "Hugging Face": "hugging face|huggingface|transformers library",
        "LangChain": "langchain", "OpenCV": "opencv", "XGBoost": "xgboost", "LightGBM": "lightgbm",
        "Matplotlib": "matplotlib", "Jest": "jest", "Mocha": "mocha", "Cypress": "cypress",
        "Selenium": "selenium", "Playwright": "playwright", "pytest": "pytest", "JUnit": "junit",
        "Storybook": "storybook", "Webpack": "webpack", "Vite": "vite", "Babel": "babel",
    },
    "Data and databases": {
        "PostgreSQL": "postgres|postgresql|psql|postgre", "MySQL": "mysql", "MariaDB": "mariadb",
        "SQLite": "sqlite", "Oracle Database": "oracle db|oracle database|pl/sql|plsql",
        "SQL Server": "sql server|mssql|ms sql|t-sql|tsql", "MongoDB": "mongodb|mongo",
        "Redis": "redis", "Cassandra": "cassandra", "DynamoDB": "dynamodb", "Elasticsearch": "elasticsearch|elastic search|opensearch",
        "Neo4j": "neo4j", "Snowflake": "snowflake", "BigQuery": "bigquery|big query", "Redshift": "redshift",
        "Databricks": "databricks", "Apache Spark": "pyspark|apache spark|spark sql", "Hadoop": "hadoop|hdfs|mapreduce",
        "Hive": "", "Kafka": "kafka|apache kafka", "RabbitMQ": "rabbitmq", "Airflow": "airflow|apache airflow",
        "dbt": "dbt", "ETL": "etl|elt|etl pipelines|data pipelines", "Data Warehousing": "data warehousing|data warehouse",
        "Data Modeling": "data modeling|data modelling", "Data Analysis": "data analysis|data analytics",
        "Data Visualization": "data visualization|data visualisation|dashboards|dashboarding",
        "Statistics": "statistics|statistical analysis|statistical modeling|statistical modelling",
        "Machine Learning": "ml|machine learning", "Deep Learning": "deep learning|neural networks",
        "Natural Language Processing": "nlp|natural language processing", "Computer Vision": "computer vision",
        "Large Language Models": "llm|llms|large language models|large language model|generative ai|genai",
        "MLOps": "mlops", "A/B Testing": "a/b testing|a/b tests|ab testing|split testing|experimentation",
        "Tableau": "tableau", "Power BI": "power bi|powerbi", "Looker": "", "Excel": "",
        "Google Sheets": "google sheets", "Forecasting": "forecasting|demand forecasting",
        "Data Science": "data science", "Big Data": "big data", "Data Engineering": "data engineering",
        "Time Series Analysis": "time series|time-series analysis|time series analysis",
        "Recommendation Systems": "recommendation systems|recommender systems|recommendations",
    },
    "Cloud and DevOps": {
        "AWS": "aws|amazon web services", "Azure": "azure|microsoft azure", "GCP": "gcp|google cloud|google cloud platform",
        "AWS Lambda": "lambda|aws lambda", "Amazon S3": "s3|amazon s3", "EC2": "ec2",
        "Docker": "docker|containers|containerization|containerisation", "Kubernetes": "kubernetes|k8s|k8|eks|gke|aks",
        "Helm": "helm", "Terraform": "terraform", "Ansible": "ansible", "Chef": "", "Puppet": "",
        "CloudFormation": "cloudformation", "Pulumi": "pulumi", "CI/CD": "ci/cd|ci / cd|cicd|continuous integration|continuous delivery|continuous deployment",
        "Jenkins": "jenkins", "GitHub Actions": "github actions", "GitLab CI": "gitlab ci|gitlab-ci",
        "CircleCI": "circleci", "Git": "git", "GitHub": "github", "GitLab": "gitlab", "Linux": "linux|unix",
        "Nginx": "nginx", "Prometheus": "prometheus", "Grafana": "grafana", "Datadog": "datadog",
        "Observability": "observability|monitoring", "Incident Response": "incident response|incident management|on-call",
        "Site Reliability Engineering": "sre|site reliability|site reliability engineering",
        "Microservices": "microservices|microservice|micro-services", "Serverless": "serverless",
        "Networking": "networking|tcp/ip|dns", "Infrastructure as Code": "infrastructure as code|iac",
        "Cloud Security": "cloud security", "Application Security": "application security|appsec",
        "Penetration Testing": "penetration testing|pentesting|pen testing", "SIEM": "siem",
        "Threat Modeling": "threat modelling|threat modeling", "Cybersecurity": "cybersecurity|cyber security|information security|infosec",
        "OAuth": "oauth|oauth2|openid connect|oidc", "Distributed Systems": "distributed systems",
        "System Design": "system design|systems design|software architecture|architecture",
        "Cost Optimization": "cost optimisation|cost optimization|finops", "Embedded Systems": "embedded systems|embedded|firmware",
        "Agile": "agile|agile methodologies", "Scrum": "scrum", "Kanban": "kanban", "Jira": "jira", "Confluence": "confluence",
        "Test Automation": "test automation|automated testing|automation testing", "API Testing": "api testing|postman",
        "Unit Testing": "unit testing|unit tests|tdd|test-driven development", "API Documentation": "api documentation|openapi|swagger",
        "Docs-as-code": "docs-as-code|docs as code", "Markdown": "markdown", "Web Performance": "web performance|performance optimization",
        "Accessibility": "accessibility|a11y|wcag", "iOS": "ios", "Android": "android", "Mobile Development": "mobile development|mobile apps",
        "Frontend Development": "frontend|front-end|front end", "Backend Development": "backend|back-end|back end",
        "Full Stack Development": "full stack|full-stack|fullstack",
    },
    "Design": {
        "Figma": "figma", "Sketch": "", "Adobe XD": "adobe xd", "Adobe Photoshop": "photoshop|adobe photoshop",
        "Adobe Illustrator": "illustrator|adobe illustrator", "Adobe InDesign": "indesign|adobe indesign",
        "Adobe Creative Suite": "adobe creative suite|creative cloud|adobe creative cloud", "After Effects": "after effects",
        "UX Design": "ux|ux design|user experience", "UI Design": "ui design|user interface design|visual design",
        "Interaction Design": "interaction design", "Prototyping": "prototyping|prototypes|wireframing|wireframes",
        "Design Systems": "design systems|design system", "User Research": "user research|ux research",
        "Usability Testing": "usability testing|user testing", "Information Architecture": "information architecture",
        "Typography": "typography", "Branding": "branding|brand identity", "Graphic Design": "graphic design",
        "Motion Design": "motion design|motion graphics", "Survey Design": "survey design|surveys",
        "Design Thinking": "design thinking", "Dovetail": "dovetail", "Synthesis": "research synthesis|synthesis",
        "CAD": "cad|autocad", "SolidWorks": "solidworks", "FEA": "fea|finite element analysis",
        "PCB Design": "pcb design|pcb", "Altium": "altium|altium designer", "Power Electronics": "power electronics",
        "Manufacturing": "manufacturing", "Hardware Testing": "hardware testing",
    },
    "Product and project": {
        "Product Management": "product management", "Roadmapping": "roadmapping|roadmaps|product roadmap",
        "Product Strategy": "product strategy", "Product Analytics": "product analytics|analytics|amplitude|mixpanel",
        "User Stories": "user stories", "Requirements Gathering": "requirements gathering|requirements analysis",
        "Stakeholder Management": "stakeholder management|stakeholder reporting|stakeholders",
        "Project Management": "project management|project planning", "Program Management": "program management|programme management",
        "Risk Management": "risk management", "Budgeting": "budgeting|budget management", "PMP": "pmp",
        "PRINCE2": "prince2", "OKRs": "okrs|okr", "KPIs": "kpis|kpi", "Process Improvement": "process improvement|continuous improvement|lean manufacturing|six sigma",
        "Vendor Management": "vendor management|supplier management", "Logistics": "logistics|supply chain",
        "Operations Management": "operations management", "Change Management": "change management",
        "People Management": "people management|team management|managing teams", "Hiring": "hiring managers|interviewing candidates|building teams",
        "Technical Leadership": "technical leadership|tech lead",
    },
    "Marketing": {
        "SEO": "seo|search engine optimization|search engine optimisation", "SEM": "sem|search engine marketing",
        "Google Ads": "google ads|adwords|ppc", "Google Analytics": "google analytics|ga4",
        "Content Marketing": "content marketing", "Content Strategy": "content strategy", "Copywriting": "copywriting|copy writing",
        "Editing": "editing|proofreading", "Email Marketing": "email marketing|mailchimp", "Social Media Marketing": "social media marketing|social media",
        "Paid Acquisition": "paid acquisition|paid media|paid social|performance marketing",
        "Marketing Automation": "marketing automation|marketo|pardot", "HubSpot": "hubspot",
        "Campaign Management": "campaigns|campaign management", "Product Marketing": "product marketing|go-to-market strategy|gtm strategy",
        "Brand Marketing": "brand marketing", "Growth Marketing": "growth marketing|growth hacking",
        "CMS": "cms|content management system|wordpress", "Research": "research", "Public Relations": "public relations|pr campaigns",
        "Market Research": "market research",
    },
    "Sales and support": {
        "Salesforce": "salesforce|sfdc", "CRM": "crm|crm software", "Prospecting": "prospecting|lead generation",
        "Cold Outreach": "cold outreach|cold calling|cold emailing", "Lead Qualification": "qualification|lead qualification|bant|meddic",
        "Negotiation": "negotiation|negotiating", "Pipeline Management": "pipeline management|sales pipeline",
        "Account Management": "account management|key account management", "SaaS Sales": "saas sales|b2b sales",
        "Enterprise Sales": "enterprise sales|enterprise accounts", "SaaS": "saas",
        "Customer Success": "customer success", "Onboarding": "onboarding|customer onboarding", "Renewals": "renewals|upselling",
        "Zendesk": "zendesk", "Troubleshooting": "troubleshooting", "Ticket Triage": "ticket triage|ticketing",
        "Customer Service": "customer service|customer support",
    },
    "Finance and people": {
        "Financial Modeling": "financial modelling|financial modeling|financial models", "Financial Analysis": "financial analysis|fp&a",
        "Accounting": "accounting|bookkeeping", "IFRS": "ifrs", "GAAP": "gaap|us gaap",
        "Reconciliation": "reconciliation|reconciliations|account reconciliation", "Month-end Close": "month-end close|month end close|month-end",
        "Xero": "xero", "QuickBooks": "quickbooks", "SAP": "sap", "Auditing": "auditing|audit", "Tax": "tax|taxation",
        "Valuation": "valuation|dcf", "Payroll": "payroll", "CPA": "cpa", "CFA": "cfa",
        "Employee Relations": "employee relations", "Performance Reviews": "performance reviews|performance management",
        "HRIS": "hris|workday|bamboohr", "Labour Law": "labour law|labor law|employment law",
        "Recruiting": "recruiting|recruitment|technical recruiting|talent acquisition", "Sourcing": "sourcing|candidate sourcing",
        "Greenhouse": "greenhouse", "LinkedIn Recruiter": "linkedin recruiter", "Employer Branding": "employer branding",
    },
    "Healthcare": {
        "Patient Care": "patient care", "EHR": "ehr|emr|electronic health records|epic ehr|cerner",
        "Medication Administration": "medication administration", "BLS": "bls|bls certification|basic life support",
        "ACLS": "acls|advanced cardiac life support", "Registered Nurse": "rn|registered nurse", "HIPAA": "hipaa",
        "Triage": "triage", "Phlebotomy": "phlebotomy", "Wound Care": "wound care", "ICU": "icu|intensive care|critical care",
        "Pediatrics": "pediatrics|paediatrics", "Clinical Research": "clinical research|clinical trials",
        "Infection Control": "infection control", "Vital Signs": "vital signs",
    },
    "Soft skills": {
        "Communication": "communication|communication skills|written communication|verbal communication|written and spoken english",
        "Leadership": "leadership", "Teamwork": "teamwork|collaboration|cross-functional collaboration|cross-functional",
        "Problem Solving": "problem solving|problem-solving", "Mentoring": "mentoring|mentorship|coaching",
        "Time Management": "time management|prioritization|prioritisation", "Critical Thinking": "critical thinking",
        "Presentation Skills": "presentation skills|public speaking|presenting", "Adaptability": "adaptability",
        "Attention to Detail": "attention to detail|detail-oriented|detail oriented", "Customer Focus": "customer focus|customer-centric",
        "Conflict Resolution": "conflict resolution", "Decision Making": "decision making|decision-making",
        "Delivery": "delivery|project delivery", "User Interviews": "user interviews|customer interviews|research interviews",
    },
}

# Written exactly so (or in capitals): plain English words otherwise.
CASED: dict[str, tuple[str, ...]] = {
    "Rust": ("Rust",), "Ruby": ("Ruby",), "Swift": ("Swift",), "Julia": ("Julia",), "Flask": ("Flask",),
    "Phoenix": ("Phoenix",), "Unity": ("Unity",), "Hive": ("Hive",), "Looker": ("Looker",), "Excel": ("Excel", "MS Excel", "Microsoft Excel"),
    "Chef": ("Chef",), "Puppet": ("Puppet",), "Sketch": ("Sketch",), "Angular": ("Angular",), "Express": ("Express",),
    "Apache Spark": ("Spark",),
}
# Written exactly so and standing in a list of skills (see the module docstring).
LISTED: dict[str, tuple[str, ...]] = {"Go": ("Go",), "R": ("R",), "C": ("C",)}

# Tokens (str.translate + split, C speed): phrase ends become a "|" token of their own, so
# "machine, learning" never reads as "machine learning"; "/", "&" and "-" only separate
# ("CI/CD" → ci cd, "scikit-learn" → scikit learn, "Python-based" → python based); "+",
# "#" and "." stay inside a word (c++, c#, .net, node.js), a dot before a space ends a sentence.
_PHRASE_ENDS = ",;:()|!?•[]{}–—"
_SEPARATORS = "\"'“”‘’*<>=~^`\\/&-"
_TABLE = str.maketrans({**dict.fromkeys(_PHRASE_ENDS, "|"), **dict.fromkeys(_SEPARATORS, " ")})
# A "/" joins words into one token above (ci/cd, tcp/ip, a/b); these are split back for lookups.
_STOP = frozenset(
    "a an and are as at be by for from has have in is it of on or our the to we will with you your this that "
    "who what when where which while how all any can more most not their they them us".split()
)


def _tokens(lowered: str) -> list[str]:
    # A dot followed by a space ends a sentence ("python. next"); one inside a word stays
    # (node.js, asp.net, .net).
    return (lowered.translate(_TABLE) + " ").replace(". ", " . ").replace(".\n", " . ").replace("|", " | ").split()


def _norm(alias: str) -> str:
    return " ".join(_tokens(alias.lower()))


class _Index:
    def __init__(self) -> None:
        self.single: dict[str, str] = {}  # token → canonical
        # (first, second) token → [(" joined alias ", canonical, token count)]
        self.multi: dict[tuple[str, str], list[tuple[str, str, int]]] = {}
        self.canonical_by_key: dict[str, str] = {}
        self.category: dict[str, str] = {}
        for category, skills in TAXONOMY.items():
            for name, aliases in skills.items():
                self.category[name] = category
                self.canonical_by_key[name.lower()] = name
                if name in CASED or name in LISTED:
                    names = [a for a in aliases.split("|") if a]
                else:
                    names = [name, *(a for a in aliases.split("|") if a)]
                for alias in names:
                    self.canonical_by_key[alias.lower()] = name
                    norm = _norm(alias)
                    if not norm:
                        continue
                    parts = norm.split(" ")
                    if len(parts) == 1:
                        self.single[parts[0]] = name
                    else:
                        self.multi.setdefault((parts[0], parts[1]), []).append((f" {norm} ", name, len(parts)))
        for name, forms in {**CASED, **LISTED}.items():
            for form in forms:
                self.canonical_by_key.setdefault(form.lower(), name)
        self.single_keys = frozenset(self.single)
        self.multi_keys = frozenset(self.multi)
        # Lowercase token → skills that need the original text checked.
        self.checked: dict[str, list[str]] = {}
        for name, forms in {**CASED, **LISTED}.items():
            for form in forms:
                self.checked.setdefault(_norm(form).split(" ")[-1], []).append(name)
        self.checked_keys = frozenset(self.checked)
        self.cased_re = {
            name: re.compile(r"(?<![\w.+#-])(?:" + "|".join(re.escape(f) for f in forms + tuple(f.upper() for f in forms)) + r")(?![\w+#]|-\w)")
            for name, forms in CASED.items()
        }
        self.listed_re = {
            name: re.compile(r"(?<![\w.+#&-])" + "|".join(re.escape(f) for f in forms) + r"(?![\w+#&'’-]|\.\w)")
            for name, forms in LISTED.items()
        }


_INDEX = _Index()
SKILL_COUNT = len(_INDEX.category)

_LEFT_SEPARATORS = ",/|;(:•·-*"
_RIGHT_SEPARATORS = ",/|;)"


def _listed_ok(text: str, start: int, end: int) -> bool:
    before = text[:start].rstrip(" \t")
    after = text[end:].lstrip(" \t")
    word_after = re.match(r"[A-Za-z]+", after)
    if word_after and word_after.group(0).lower() not in ("and", "or"):
        return False  # "Go to market", "R Smith"
    in_sentence = bool(before) and before[-1] not in ".!?\n"
    left_word = re.search(r"([A-Za-z]+)$", before)
    left_conj = in_sentence and left_word is not None and left_word.group(1).lower() in ("and", "or", "in", "with")
    right_sep = not after or after[0] in _RIGHT_SEPARATORS or (after[0] == "." and not after[1:2].strip())
    if before and before[-1] in _LEFT_SEPARATORS:
        return True  # "Python, Go", "Languages: Go"
    if left_conj:
        return right_sep or word_after is not None  # "Python and Go.", "in Go and Rust"
    # At the start of a line only a following list separator makes it a skill ("Go, Python").
    return (not before or before[-1] == "\n") and bool(after) and after[0] in ",/|;"


def _checked_present(name: str, text: str) -> bool:
    if name in _INDEX.cased_re:
        return _INDEX.cased_re[name].search(text) is not None
    for m in _INDEX.listed_re[name].finditer(text):
        if _listed_ok(text, m.start(), m.end()):
            return True
    return False


def _skills_in(text: str, lowered: str, tokens: list[str]) -> tuple[set[str], set[str]]:
    index = _INDEX
    found: set[str] = set()
    # "/" joined tokens (ci/cd, html/css) also count as their parts.
    token_set = set(tokens)
    found.update(map(index.single.__getitem__, token_set & index.single_keys))
    # Several-token aliases: their first two tokens as a pair of neighbours (set work in C),
    # then the whole alias as a substring of the space-joined tokens when it is longer.
    pairs = set(zip(tokens, tokens[1:], strict=False))
    candidates = pairs & index.multi_keys
    if candidates:
        joined = None
        for pair in candidates:
            for norm, name, count in index.multi[pair]:
                if count == 2:
                    found.add(name)
                    continue
                if joined is None:
                    joined = f" {' '.join(tokens)} "
                if norm in joined:
                    found.add(name)
    for t in token_set & index.checked_keys:
        for name in index.checked[t]:
            if name not in found and _checked_present(name, text):
                found.add(name)
    return found, token_set


def skill_set(text: str) -> frozenset[str]:
    """The canonical skills ``text`` mentions (no evidence: the fast path)."""
    if not text:
        return frozenset()
    lowered = text.lower()
    return frozenset(_skills_in(text, lowered, _tokens(lowered))[0])


def find_skills(text: str) -> dict[str, list[str]]:
    """Canonical skill → the lines of ``text`` that mention it (stripped, in order, distinct)."""
    out: dict[str, list[str]] = {}
    for raw in (text or "").splitlines():
        line = raw.strip(" \t•·*-–—")
        if not line:
            continue
        for name in sorted(skill_set(line)):
            lines = out.setdefault(name, [])
            if line[:300] not in lines:
                lines.append(line[:300])
    return dict(sorted(out.items()))


def canonical(name: str) -> str | None:
    """The canonical skill for ``name`` ("JS" → "JavaScript"), or None when it is not a known skill."""
    key = " ".join((name or "").split()).lower()
    if not key:
        return None
    if key in _INDEX.canonical_by_key:
        return _INDEX.canonical_by_key[key]
    found = skill_set(name)
    return next(iter(found)) if len(found) == 1 else None


def category(name: str) -> str:
    return _INDEX.category.get(name, "")


_DROP = _STOP | frozenset(_PHRASE_ENDS) | frozenset(".+")


def content_tokens(text: str) -> frozenset[str]:
    """The distinct words of ``text`` minus stop words and punctuation (for text similarity)."""
    return frozenset(_tokens((text or "").lower())) - _DROP


def analyze(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(skills, content tokens) of ``text`` with one tokenisation: the scoring fast path."""
    if not text:
        return frozenset(), frozenset()
    lowered = text.lower()
    found, token_set = _skills_in(text, lowered, _tokens(lowered))
    return frozenset(found), frozenset(token_set - _DROP)
