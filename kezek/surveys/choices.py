"""Fixed choices of the surveys app: question kinds, what a question measures, statuses."""

from django.db import models
from django.utils.translation import gettext_lazy as _

LANGUAGES = ("en", "ru", "kk", "bg", "zh-hans")  # every text of a questionnaire has these


class Audience(models.TextChoices):
    EMPLOYEE = "employee", _("Employees using a service")
    MANAGER = "manager", _("Managers as internal clients")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class QuestionKind(models.TextChoices):
    RATING = "rating", _("Rating with labelled points")
    NPS = "nps", _("0-10 likelihood to recommend")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    YES_NO = "yes_no", _("Yes or no")
    TEXT = "text", _("Free text")
    AGENTS = "agents", _("Which SSC staff were involved")
    REQUESTS = "requests", _("Which requests were made and how important they were")


class Group(models.TextChoices):
    """Which part of the picture a question belongs to: reported apart from each other."""

    SCREENING = "screening", _("Screening")
    EMOTION = "emotion", _("Emotions and emotional image")
    QUALITY = "quality", _("Service quality")
    DIMENSION = "dimension", _("Service dimensions")
    REQUESTS = "requests", _("Requests")
    STAFF = "staff", _("Staff")
    AWARENESS = "awareness", _("Awareness of services and SLA")
    LOYALTY = "loyalty", _("Recommendation")
    SUGGESTIONS = "suggestions", _("Suggestions")


class Dimension(models.TextChoices):
    RESPONSIVENESS = "responsiveness", _("Responsiveness")
    PROCESSING_SPEED = "processing_speed", _("Processing speed")
    POLITENESS = "politeness", _("Politeness")
    COMPLETENESS = "completeness", _("Completeness of information")
    SIMPLICITY = "simplicity", _("Simplicity and accessibility")
    EMOTION = "emotion", _("Emotions")
    EMOTIONAL_IMAGE = "emotional_image", _("Emotional image")
    MEETS_CRITERIA = "meets_criteria", _("Meets the criteria")
    MEETS_EXPECTATIONS = "meets_expectations", _("Meets expectations")
    STAFF = "staff", _("Staff involved")
    RECOMMEND = "recommend", _("Likelihood to recommend")
    NONE = "", _("None")


FIVE_DIMENSIONS = (
    Dimension.RESPONSIVENESS,
    Dimension.PROCESSING_SPEED,
    Dimension.POLITENESS,
    Dimension.COMPLETENESS,
    Dimension.SIMPLICITY,
)
SPEED_DIMENSIONS = (Dimension.RESPONSIVENESS, Dimension.PROCESSING_SPEED)


class Scoring(models.TextChoices):
    NONE = "none", _("Not scored")
    TOP_BOX = "top_box", _("Top-box share (CSAT) and mean")
    NPS = "nps", _("Net Promoter Score")


class CampaignKind(models.TextChoices):
    PERIODIC = "periodic", _("Periodic survey")
    TRANSACTIONAL = "transactional", _("After a resolved request")


class ServiceUse(models.TextChoices):
    """Which people of the client companies and roles a periodic campaign invites."""

    EVERYONE = "", _("Everyone")
    ANY = "any", _("People who used any service in the period")
    CHOSEN = "chosen", _("People who used one of the chosen services in the period")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Source(models.TextChoices):
    ELECTRONIC = "electronic", _("Electronic")
    PAPER = "paper", _("Paper, entered by staff")


class TriageStatus(models.TextChoices):
    NEW = "new", _("Not triaged")
    ACCEPTED = "accepted", _("Accepted")
    NEEDS_CLARIFICATION = "needs_clarification", _("Needs clarification")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    POSITIVE = "positive", _("Positive")


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    ON_HOLD = "on_hold", _("On hold")
    COMPLETE = "complete", _("Complete")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_ACTION_STATUSES = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS, ActionStatus.ON_HOLD)

# The answer to the SLA question that separates expectations beyond the SLA from shortfalls.
SLA_QUESTION_KEY = "sla_experience"
SLA_WITHIN_SLOWER_THAN_EXPECTED = "within_sla_slower_than_expected"
SLA_LATER_THAN_PROMISED = "later_than_promised"

# The screening question (users vs non-users, MISSION.md §2) and its answer for users. The
# service desk's records answer it when they show use within its window ("last six months").
SCREENING_KEY = "uses_service"
SCREENING_USER_ANSWER = "yes"
SCREENING_WINDOW_DAYS = 183
