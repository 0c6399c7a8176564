"""Catalogue pages: workspace drafting and review; the public 目录, item pages, category pages, Atom feed."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_POST

from xxgk.agencies.models import Agency
from xxgk.agencies.selectors import (
    agencies_with_records_visible_to,
    agency_choices,
    agency_get_by_credit_code,
    agency_memo,
)
from xxgk.platform.errors import DomainError, InvalidInput, NotFound
from xxgk.platform.pagecache import public_page
from xxgk.platform.policy import can, require
from xxgk.portal.sections import SECTIONS
from xxgk.workspace.views import staff_required

from .forms import ItemForm
from .models import Item, ScanHit
from .selectors import documents_without_interpretation, items_late, items_page, public_content, public_items
from .services import (
    item_create,
    item_publish,
    item_submit,
    item_update,
    item_withdraw,
    review_consult,
    review_initial,
    review_signoff,
    scan_hit_accept,
)
from .vocab import ART20_CHOICES, subject_choices


def _fields(form: ItemForm) -> dict:
    d = dict(form.cleaned_data)
    d.pop("attachment", None)
    if not d.get("doc_kind"):
        d["doc_kind"] = ""
    return d


@staff_required
def item_list(request):
    agencies = agencies_with_records_visible_to(request.user).filter(is_active=True)
    items = Item.objects.filter(agency__in=agencies).select_related("agency").order_by("-created_at")[:300]
    return render(request, "catalog/staff_list.html", {
        "items": items, "draftable": [a for a in agencies.order_by("path") if can(request.user, "item.draft", a)],
        "importable": [a for a in agencies.order_by("path") if can(request.user, "item.signoff", a)],
        "supervised": [a for a in agencies.order_by("path") if can(request.user, "agency.supervise", a)],
        "late": items_late(agencies, timezone.localdate())[:50],
        "uninterpreted": documents_without_interpretation(agencies)[:50]})


@staff_required
def item_new(request):
    agency = get_object_or_404(Agency, pk=request.GET.get("agency") or request.POST.get("agency") or 0)
    require(request.user, "item.draft", agency, request=request, message="只有本机关经办人可以起草信息。")
    form = ItemForm(request.POST or None, request.FILES or None, initial={"disclosure": "active", "validity": "valid"},
                    agency=agency)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("attachment")
        try:
            item = item_create(agency=agency, actor=request.user, at=timezone.now(), request=request,
                               attachments=[(upload.name, upload.read())] if upload else [], **_fields(form))
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("workspace:item_detail", pk=item.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "catalog/staff_form.html", {"form": form, "agency": agency}, status=status)


def _item_for(request, pk: int) -> Item:
    item = get_object_or_404(Item.objects.select_related("agency"), pk=pk)
    require(request.user, "item.view_internal", item.agency, request=request, message="您不能查看该机关的内部信息。")
    return item


@staff_required
def item_edit(request, pk: int):
    item = _item_for(request, pk)
    require(request.user, "item.draft", item.agency, request=request, message="只有本机关经办人可以修改信息。")
    initial = {f: getattr(item, f) for f in ItemForm.base_fields if hasattr(item, f) and f not in ("attachment", "outlets")}
    initial["outlets"] = list(item.outlets.all())
    form = ItemForm(request.POST or None, request.FILES or None, initial=initial, agency=item.agency)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("attachment")
        try:
            item_update(item=item, actor=request.user, at=timezone.now(), request=request,
                        attachments=[(upload.name, upload.read())] if upload else [], **_fields(form))
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("workspace:item_detail", pk=item.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "catalog/staff_form.html", {"form": form, "agency": item.agency, "item": item}, status=status)


@staff_required
def item_detail(request, pk: int):
    item = _item_for(request, pk)
    return render(request, "catalog/staff_detail.html", {
        "item": item, "hits": item.scan_hits.filter(revision=item.revision),
        "steps": item.review_steps.select_related("actor"), "revisions": item.revisions.all(),
        "can_draft": can(request.user, "item.draft", item.agency), "can_review": can(request.user, "item.review",
                                                                                      item.agency),
        "can_signoff": can(request.user, "item.signoff", item.agency)})


@staff_required
@require_POST
def item_action(request, pk: int, action: str):
    item = _item_for(request, pk)
    now, user, comment = timezone.now(), request.user, request.POST.get("comment", "")
    try:
        if action == "submit":
            item_submit(item=item, actor=user, at=now, request=request)
        elif action in ("approve", "return"):
            review_initial(item=item, actor=user, approve=action == "approve", comment=comment, at=now, request=request)
        elif action == "consult":
            review_consult(item=item, actor=user, party=request.POST.get("party", ""), comment=comment, at=now)
        elif action in ("signoff", "reject"):
            review_signoff(item=item, actor=user, approve=action == "signoff", comment=comment, at=now, request=request)
        elif action == "publish":
            when = request.POST.get("publish_at", "").strip()
            publish_at = None
            if when:
                from django.utils.dateparse import parse_datetime

                publish_at = parse_datetime(when)
                if publish_at is None:
                    raise InvalidInput("定时发布时间格式不正确。")
                publish_at = timezone.make_aware(publish_at) if timezone.is_naive(publish_at) else publish_at
            item_publish(item=item, actor=user, today=timezone.localdate(), at=now, request=request,
                         publish_at=publish_at)
        elif action == "withdraw":
            item_withdraw(item=item, actor=user, reason=request.POST.get("reason", ""), at=now, request=request)
        elif action == "accept":
            hit = get_object_or_404(ScanHit, pk=request.POST.get("hit") or 0, item=item)
            scan_hit_accept(hit=hit, actor=user, reason=request.POST.get("reason", ""), at=now)
        else:
            raise Http404
    except DomainError as exc:
        return render(request, "platform/error.html", {"title": "无法办理", "message": exc.message}, status=exc.status)
    messages.success(request, "已办理。")
    return redirect("workspace:item_detail", pk=item.pk)


def _agency_options(chosen) -> str:
    """Return the agency picker's <option> elements with `chosen` selected. The options are built once
    per process (agency_memo): at a province's thousand agencies, building them was half the page."""
    from django.utils.html import format_html_join
    from django.utils.safestring import mark_safe

    options = agency_memo("catalog_picker", lambda: format_html_join(
        "", '<option value="{}">{}</option>', agency_choices()))
    if chosen is None:
        return options
    # Credit codes are letters and digits (nothing to escape), and each appears once in the list.
    return mark_safe(options.replace(f'<option value="{chosen.credit_code}">',
                                     f'<option value="{chosen.credit_code}" selected>', 1))


@public_page
def catalog(request):
    agency = None
    if request.GET.get("agency"):
        try:
            agency = agency_get_by_credit_code(request.GET["agency"])
        except NotFound as exc:
            raise Http404 from exc
    from .models import CatalogArea

    category, area_id = request.GET.get("category", ""), request.GET.get("area", "")
    area = CatalogArea.objects.filter(pk=area_id).first() if area_id.isdigit() else None
    try:
        page = items_page(public_items(agency=agency, subject=request.GET.get("subject", ""),
                                       category=int(category) if category.isdigit() else None, area=area),
                          older_than=request.GET.get("older", ""), newer_than=request.GET.get("newer", ""))
    except DomainError as exc:
        return render(request, "platform/error.html", {"title": "无法翻页", "message": exc.message}, status=exc.status)
    filters = request.GET.copy()
    for key in ("older", "newer"):
        filters.pop(key, None)
    tops = sorted({s.split("/")[0] for s, _ in subject_choices()})
    return render(request, "catalog/public_list.html", {
        "items": page.items, "page": page, "filters": filters.urlencode(),
        "agency_options": _agency_options(agency),
        "agency": agency, "subjects": tops,
        "categories": ART20_CHOICES, "sections": SECTIONS, "active": "catalog", "params": request.GET,
        "areas": CatalogArea.objects.filter(is_active=True)})


@public_page
def item_page(request, index_number: str, print_view: bool = False):
    item = get_object_or_404(Item.objects.select_related("agency"), index_number=index_number)
    content = public_content(item)
    if content is None:
        raise Http404
    interpretations = [i for i in item.interpretations.all() if i.published_revision and i.status != "withdrawn"]
    return render(request, "catalog/public_detail.html", {
        "item": item, "content": content, "sections": SECTIONS, "active": "catalog", "print_view": print_view,
        "attachments": item.attachments.filter(id__in=content.get("attachments", [])),
        "interpretations": interpretations,
        "interprets": item.interprets if item.interprets and item.interprets.published_revision else None})


def attachment(request, index_number: str, attachment_id: int):
    item = get_object_or_404(Item, index_number=index_number)
    content = public_content(item)
    if content is None or item.status == "withdrawn" or attachment_id not in content.get("attachments", []):
        raise Http404
    file = get_object_or_404(item.attachments, pk=attachment_id)
    return FileResponse(file.file.open("rb"), as_attachment=True, filename=file.name, content_type=file.content_type)


@public_page
def feed(request, credit_code: str):
    try:
        agency = agency_get_by_credit_code(credit_code)
    except NotFound as exc:
        raise Http404 from exc
    category = request.GET.get("category", "")
    atom = Atom1Feed(title=f"{agency.name}政府信息公开", link=request.build_absolute_uri("/gk/catalog/"),
                     description=f"{agency.name}主动公开的政府信息", language="zh-cn")
    for item in public_items(agency=agency, category=int(category) if category.isdigit() else None)[:50]:
        atom.add_item(title=item.title, link=request.build_absolute_uri(f"/gk/catalog/{item.index_number}/"),
                      description=item.summary, unique_id=item.index_number, pubdate=timezone.make_aware(
                          timezone.datetime.combine(item.published_on, timezone.datetime.min.time())))
    return HttpResponse(atom.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8")


@staff_required
def standard_catalogue(request):
    """Areas and entries of the standard catalogue, adoption, and the agency's gaps."""
    from .models import CatalogAdoption, CatalogArea, CatalogEntry
    from .selectors import catalog_gaps
    from .services.standard import catalog_entry_adopt

    agency = get_object_or_404(Agency, pk=request.GET.get("agency") or request.POST.get("agency") or 0)
    require(request.user, "agency.view_records", agency, request=request, message="您不能查看该机关的目录。")
    if request.method == "POST":
        entry = get_object_or_404(CatalogEntry, pk=request.POST.get("entry") or 0)
        try:
            catalog_entry_adopt(agency=agency, entry=entry, actor=request.user, at=timezone.now(), request=request)
        except DomainError as exc:
            return render(request, "platform/error.html", {"title": "无法采用", "message": exc.message},
                          status=exc.status)
        messages.success(request, "已采用。")
        return redirect(f"{request.path}?agency={agency.pk}")
    adopted = set(CatalogAdoption.objects.filter(agency=agency).values_list("entry_id", flat=True))
    areas = CatalogArea.objects.filter(is_active=True).prefetch_related("entries")
    return render(request, "catalog/standard.html", {
        "agency": agency, "areas": areas, "adopted": adopted, "gaps": catalog_gaps(agency, timezone.localdate()),
        "can_adopt": can(request.user, "agency.approve", agency) or can(request.user, "agency.supervise", agency)})


@staff_required
def items_import_view(request):
    """Upload items published before (CSV/XLSX or ZIP with bodies and files); all rows or none."""
    from .services.imports import ItemsRejected, items_import

    agency = get_object_or_404(Agency, pk=request.GET.get("agency") or request.POST.get("agency") or 0)
    if not can(request.user, "agency.supervise", agency):  # the same rule as the import service
        require(request.user, "item.signoff", agency, request=request,
                message="只有本机关负责人或上级公开办可以批量导入已公开的信息。")
    problems, status = [], 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise InvalidInput("请选择文件。")
            items = items_import(agency=agency, name=upload.name, data=upload.read(), actor=request.user,
                                 at=timezone.now(), request=request)
        except ItemsRejected as exc:
            problems, status = exc.problems, 400
        except DomainError as exc:
            problems, status = [exc.message], exc.status
        else:
            messages.success(request, f"已导入{len(items)}条信息。")
            return redirect("workspace:item_list")
    return render(request, "catalog/import.html", {"agency": agency, "problems": problems}, status=status)


@staff_required
def workflow(request):
    """Configure the agency's review steps (公开办 over it, or 系统管理员)."""
    from .services.items import review_workflow_save, workflow_of

    agency = get_object_or_404(Agency, pk=request.GET.get("agency") or request.POST.get("agency") or 0)
    require(request.user, "agency.supervise", agency, request=request, message="只有上级公开办可以配置审核流程。")
    error, status = "", 200
    if request.method == "POST":
        try:
            review_workflow_save(agency=agency, actor=request.user, at=timezone.now(),
                                 consult_required=request.POST.get("consult_required") == "on",
                                 consult_parties=request.POST.get("consult_parties", ""),
                                 signoff_required=request.POST.get("signoff_required") == "on")
        except DomainError as exc:
            error, status = exc.message, exc.status
        else:
            messages.success(request, "审核流程已保存。")
            return redirect(f"{request.path}?agency={agency.pk}")
    return render(request, "catalog/workflow.html", {"agency": agency, "workflow": workflow_of(agency), "error": error},
                  status=status)
