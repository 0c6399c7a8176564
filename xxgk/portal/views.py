"""Public portal views: home, the 政府信息公开 columns, 指南 per agency, applicant accounts."""

from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from xxgk.agencies.selectors import agency_get_by_credit_code, agency_memo
from xxgk.platform.context_processors import LARGE_TEXT_COOKIE
from xxgk.platform.errors import DomainError, NotFound
from xxgk.platform.pagecache import public_page
from xxgk.platform.policy import can, require

from .forms import ApplicantRegistrationForm
from .sections import ARTICLE_20_CATEGORIES, SECTIONS, SECTIONS_BY_SLUG

# Directory lists of every active agency: (URL name, link text) per list.
DIRECTORIES = {"home": ("portal:guide", "{}"), "guide": ("portal:guide", "{}政府信息公开指南"),
               "apply": ("cases_public:apply", "向{}提出申请")}


def agency_directory(kind: str) -> str:
    """Return the <li> elements linking every active agency, in tree order, to its guide or application
    form ("" when there is none); built once per process (agency_memo): a province lists thousands."""
    from django.urls import reverse
    from django.utils.html import format_html_join

    from xxgk.agencies.models import Agency

    url_name, text = DIRECTORIES[kind]

    def build() -> str:
        rows = Agency.objects.filter(is_active=True).order_by("path").values_list("path", "credit_code", "name")
        return format_html_join("", '<li class="tree-{}"><a href="{}">{}</a></li>', (
            (Agency.depth_of(path), reverse(url_name, args=[code]), text.format(name)) for path, code, name in rows))
    return agency_memo(f"directory:{kind}", build)


@public_page
def home(request):
    from .services import service_block

    return render(request, "portal/home.html", {"sections": SECTIONS, "agency_directory": agency_directory("home"),
                                                "active": None, "services": service_block()})


@public_page
def section(request, slug: str):
    sec = SECTIONS_BY_SLUG.get(slug)
    if sec is None:
        raise Http404
    context = {"section": sec, "sections": SECTIONS, "active": slug}
    if slug in ("guide", "apply"):
        context["agency_directory"] = agency_directory(slug)
    if slug == "statutory":
        context["categories"] = ARTICLE_20_CATEGORIES
    return render(request, f"portal/section_{slug}.html" if slug in ("guide", "apply", "statutory")
                  else "portal/section.html", context)


@public_page
def guide(request, credit_code: str):
    try:
        agency = agency_get_by_credit_code(credit_code)
    except NotFound as exc:
        raise Http404 from exc
    require(request.user, "agency.view_public", agency, request=request, message="该机关已停用，指南不再公开。")
    return render(request, "portal/guide.html",
                  {"agency": agency, "sections": SECTIONS, "active": "guide"})


@require_POST
def text_size(request):
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.POST.get("large") == "1":
        response.set_cookie(LARGE_TEXT_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax")
    else:
        response.delete_cookie(LARGE_TEXT_COOKIE)
    return response


def register(request):
    from xxgk.agencies.services import applicant_register

    form = ApplicantRegistrationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                applicant = applicant_register(
                    username=d["username"], password=d["password"], kind=d["kind"], name=d["name"],
                    org_type=d["org_type"], credit_code=d["credit_code"], phone=d["phone"], email=d["email"],
                    at=timezone.now(), request=request,
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = exc.status
            else:
                login(request, applicant.user, backend="xxgk.identity.backends.PasswordBackend")
                return HttpResponseRedirect("/accounts/me/")
        else:
            status = 400
    return render(request, "portal/register.html", {"form": form, "sections": SECTIONS}, status=status)


@login_required
def me(request):
    if not can(request.user, "applicant.self"):
        return HttpResponseRedirect("/workspace/")
    from xxgk.cases.selectors import cases_of_applicant

    return render(request, "portal/me.html", {"applicant": request.user.applicant, "sections": SECTIONS,
                                              "cases": cases_of_applicant(request.user)})
