"""`xxgk agency list|add`: list the agency tree or register an agency."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from xxgk.agencies.models import AgencyKind
from xxgk.agencies.selectors import agency_get_by_credit_code, agency_tree
from xxgk.agencies.services import agency_create
from xxgk.platform.errors import DomainError


def agency_as_dict(agency) -> dict:
    """Return the agency as the JSON object `xxgk agency list --json` prints."""
    return {
        "name": agency.name,
        "short_name": agency.short_name,
        "kind": agency.kind,
        "kind_label": AgencyKind(agency.kind).label,
        "parent": agency.parent.credit_code if agency.parent else None,
        "credit_code": agency.credit_code,
        "active": agency.is_active,
    }


class Command(BaseCommand):
    help = "List agencies (xxgk agency list [--json]) or add one (xxgk agency add --name … --kind … --credit-code …)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        lister = sub.add_parser("list", help="List every agency in tree order.")
        lister.add_argument("--json", action="store_true", help="Print a JSON array.")
        adder = sub.add_parser("add", help="Register an agency.")
        adder.add_argument("--name", required=True, help="Full name, e.g. 西工区财政局")
        adder.add_argument("--kind", required=True,
                           help="One of: " + ", ".join(f"{c} ({lbl})" for c, lbl in AgencyKind.choices))
        adder.add_argument("--parent", default=None, help="The parent agency's 统一社会信用代码")
        adder.add_argument("--credit-code", required=True, help="统一社会信用代码 (18 characters)")
        adder.add_argument("--short-name", default="")
        adder.add_argument("--json", action="store_true", help="Print the created agency as JSON.")

    def handle(self, *args, **opts):
        try:
            if opts["action"] == "list":
                return self._list(opts)
            return self._add(opts)
        except DomainError as exc:
            raise CommandError(exc.message, returncode=2) from exc

    def _list(self, opts):
        agencies = agency_tree()
        if opts["json"]:
            self.stdout.write(json.dumps([agency_as_dict(a) for a in agencies], ensure_ascii=False, indent=2))
            return
        for a in agencies:
            state = "" if a.is_active else "（已停用）"
            self.stdout.write(f"{'  ' * a.depth}{a.name}{state}  [{AgencyKind(a.kind).label}]  {a.credit_code}")

    def _add(self, opts):
        parent = agency_get_by_credit_code(opts["parent"]) if opts["parent"] else None
        agency = agency_create(
            name=opts["name"], kind=opts["kind"], credit_code=opts["credit_code"], parent=parent,
            short_name=opts["short_name"], at=timezone.now(), actor_label="cli",
        )
        if opts["json"]:
            self.stdout.write(json.dumps(agency_as_dict(agency), ensure_ascii=False))
        else:
            self.stdout.write(f"已登记：{agency.name}（{agency.credit_code}）")
