"""The standard catalogue: seeding the areas, adopting entries."""

import json
from datetime import datetime
from importlib import resources

from django.db import IntegrityError, transaction

from xxgk.agencies.models import Agency
from xxgk.platform.audit import audit_record
from xxgk.platform.errors import Conflict, InvalidInput
from xxgk.platform.policy import can

from ..models import CatalogAdoption, CatalogArea, CatalogEntry


def catalog_areas_seed() -> int:
    """Create the 26 pilot areas that do not exist yet; return how many were added."""
    names = json.loads(resources.files("xxgk.core").joinpath("data/standard_catalog_areas.json").read_text("utf-8"))
    added = 0
    for position, name in enumerate(names["areas"], start=1):
        _, created = CatalogArea.objects.get_or_create(name=name, defaults={"position": position})
        added += created
    return added


def catalog_entry_adopt(*, agency: Agency, entry: CatalogEntry, actor, at: datetime, request=None) -> CatalogAdoption:
    """Adopt an entry for an agency (its 负责人 or 公开办); adopting twice is refused."""
    if not (can(actor, "agency.approve", agency) or can(actor, "agency.supervise", agency)):
        raise InvalidInput("只有本机关负责人或上级公开办可以采用标准目录事项。")
    try:
        with transaction.atomic():
            adoption = CatalogAdoption.objects.create(agency=agency, entry=entry, adopted_at=at)
            audit_record(action="catalog.adopted", at=at, actor=actor, request=request, agency=agency,
                         target=adoption, data={"entry": str(entry)})
    except IntegrityError as exc:
        raise Conflict(f"“{agency.name}”已采用该事项。") from exc
    return adoption
