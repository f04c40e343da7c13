"""Home, language, sign-in and sign-out, and the users page of admins."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from competency_graph.errors import InputError, NotFoundError
from competency_graph.services.accounts import ROLES, SignInLimiter
from web.render import Page, PageError, WebRoute, page
from web.session import LANG_COOKIE, LANGUAGES, get_accounts, sign_in, sign_out

router = APIRouter(route_class=WebRoute)
PageDep = Annotated[Page, Depends(page)]


def safe_next(target: str | None) -> str:
    """A local path to go to after a form (never another site: open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def limiter(request: Request) -> SignInLimiter:
    """The app's sign-in limiter (created on first use)."""
    state = request.app.state
    found: SignInLimiter | None = getattr(state, "sign_in_limiter", None)
    if found is None:
        found = SignInLimiter()
        state.sign_in_limiter = found
    return found


@router.get("/")
def home(p: PageDep) -> Response:
    """The product, what it is for, and the way to programmes, frameworks and institutions."""
    return p.render("home.html")


@router.get("/ui/language/{lang}")
def language(lang: str, next: str | None = None) -> Response:
    """Remember the chosen language in a cookie and go back."""
    response = RedirectResponse(safe_next(next), status_code=303)
    if lang in LANGUAGES:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax",
                            httponly=True, path="/")
    return response


@router.get("/ui/sign-in")
def sign_in_form(p: PageDep, next: str | None = None) -> Response:
    """The sign-in form."""
    return p.render("sign_in.html", next=safe_next(next), error=None, name="")


@router.post("/ui/sign-in")
def sign_in_post(request: Request, p: PageDep, name: Annotated[str, Form()] = "",
                 password: Annotated[str, Form()] = "",
                 csrf_token: Annotated[str, Form()] = "",
                 next: Annotated[str, Form()] = "/") -> Response:
    """Check the password (argon2); failures are rate-limited per name and per address."""
    from web.session import check_csrf

    if not check_csrf(request, csrf_token):
        raise PageError(403, "web.error.csrf")
    address = request.client.host if request.client else "unknown"
    limit = limiter(request)
    wait = limit.retry_after(name, address)
    if wait:
        return p.render("sign_in.html", status=429, next=safe_next(next), name=name,
                        error=p.t("web.signin.limited", seconds=wait))
    user = get_accounts(request).authenticate(name, password)
    if user is None:
        limit.failed(name, address)
        return p.render("sign_in.html", status=401, next=safe_next(next), name=name,
                        error=p.t("web.signin.failed"))
    limit.succeeded(name)
    sign_in(request, user)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/ui/sign-out")
def sign_out_post(request: Request, p: PageDep,
                  csrf_token: Annotated[str, Form()] = "") -> Response:
    """End the session."""
    from web.session import check_csrf

    if not check_csrf(request, csrf_token):
        raise PageError(403, "web.error.csrf")
    sign_out(request)
    return RedirectResponse("/", status_code=303)


@router.get("/ui/users")
def users_page(request: Request, p: PageDep) -> Response:
    """Admins: the users and their roles."""
    if not p.is_admin:
        raise PageError(403, "web.error.forbidden")
    return p.render("users.html", users=get_accounts(request).users(), roles=ROLES, error=None)


@router.post("/ui/users")
def users_post(request: Request, p: PageDep, action: Annotated[str, Form()] = "",
               name: Annotated[str, Form()] = "", role: Annotated[str, Form()] = "viewer",
               password: Annotated[str, Form()] = "",
               csrf_token: Annotated[str, Form()] = "") -> Response:
    """Admins: add a user, change a role, or remove a user."""
    me = p.require_write(csrf_token, role="admin")
    accounts = get_accounts(request)
    try:
        if action == "add":
            accounts.add(name, role, password)
        elif action == "set-role":
            accounts.set_role(name, role)
        elif action == "remove":
            if name == me.name:
                raise InputError(p.t("web.users.not_self"))
            accounts.remove(name)
        else:
            raise InputError(f"unknown action {action!r}")
    except (InputError, NotFoundError) as exc:
        return p.render("users.html", status=422, users=accounts.users(), roles=ROLES,
                        error=str(exc))
    return RedirectResponse("/ui/users", status_code=303)
