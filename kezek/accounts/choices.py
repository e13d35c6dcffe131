"""Organisation kinds and roles (MISSION.md, "The people who use it")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    OWNER = "owner", _("Service centre (owner)")
    CLIENT = "client", _("Client company")
    VENDOR = "vendor", _("Outsourcing vendor")


class Role(models.TextChoices):
    EMPLOYEE = "employee", _("Employee")
    MANAGER = "manager", _("Manager")
    AGENT = "agent", _("Agent")
    TEAM_LEADER = "team_leader", _("Team leader")
    SUPERVISOR = "supervisor", _("Supervisor")
    QUALITY_ANALYST = "quality_analyst", _("Quality analyst")
    PLANNER = "planner", _("Planner")
    VENDOR_MANAGER = "vendor_manager", _("Vendor manager")
    CENTRE_MANAGER = "centre_manager", _("Centre manager")
    ADMIN = "admin", _("Administrator")


# Which organisation kinds a role may be held in.
ROLE_ORGANISATION_KINDS: dict[str, frozenset[str]] = {
    Role.EMPLOYEE: frozenset({OrganisationKind.CLIENT}),
    Role.MANAGER: frozenset({OrganisationKind.CLIENT}),
    Role.AGENT: frozenset({OrganisationKind.OWNER, OrganisationKind.VENDOR}),
    Role.TEAM_LEADER: frozenset({OrganisationKind.OWNER, OrganisationKind.VENDOR}),
    Role.SUPERVISOR: frozenset({OrganisationKind.OWNER, OrganisationKind.VENDOR}),
    Role.QUALITY_ANALYST: frozenset({OrganisationKind.OWNER}),
    Role.PLANNER: frozenset({OrganisationKind.OWNER}),
    Role.VENDOR_MANAGER: frozenset({OrganisationKind.VENDOR}),
    Role.CENTRE_MANAGER: frozenset({OrganisationKind.OWNER}),
    Role.ADMIN: frozenset({OrganisationKind.OWNER}),
}
