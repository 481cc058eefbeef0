"""Error pages in the site's layout and in Chinese, rendered without the database.

Each page says what happened in plain words and offers a way back (home, the
calculator, search). They are rendered with a plain context (no context processors, no
user, no session): a 500 or 503 must render while the database is down. JSON endpoints
under ``/api/`` get the same message as ``{"errors": {"__all__": [...]}}``.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass

from django.conf import settings
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader

from ops import generation
from yibao_site.lib.json import json_response

logger = logging.getLogger("ops.errors")


@dataclass(frozen=True)
class ErrorText:
    title: str
    message: str


TEXTS = {
    400: ErrorText(
        "这个请求我们看不懂",
        "网址或填写的内容里有无法识别的字符（例如看不见的控制字符），或者附带了表单不需要的内容（如文件）。"
        "请回到上一页，重新填写后再提交。",
    ),
    403: ErrorText("没有权限打开这个页面", "这个页面需要登录或没有对外开放。"),
    404: ErrorText(
        "找不到这个页面",
        "网址可能输错了，或者页面已经移动。可以从首页重新进入，或用搜索找找看。",
    ),
    405: ErrorText("不支持这种访问方式", "这个页面只能直接打开查看，不能提交数据。"),
    413: ErrorText(
        "提交的内容太大了",
        "这次提交的内容超过了网站能接收的大小。请删减后再提交；本站的表单不需要上传文件。",
    ),
    414: ErrorText("网址太长了", "请求的网址太长了。请回到上一页，重新填写后再提交。"),
    429: ErrorText("访问太频繁", "请稍等一会儿再试。"),
    500: ErrorText(
        "网站出了点问题",
        "我们这边出了错，不是您操作的问题。请过几分钟再试；问题已经记录下来。",
    ),
    503: ErrorText(
        "网站暂时忙不过来",
        "网站的数据暂时连接不上，这一页现在打不开。请过一两分钟再刷新；"
        "之前打开过的页面和常用的计算结果可能仍然可以查看。",
    ),
}
API_PREFIX = "/api/"


def wants_json(request: HttpRequest | None) -> bool:
    return bool(request is not None and request.path.startswith(API_PREFIX))


def error_response(request: HttpRequest | None, status: int) -> HttpResponse:
    """The error page (or JSON) for a status; needs no database and no request context."""
    text = TEXTS[status]
    if wants_json(request):
        response: HttpResponse = json_response(
            {"errors": {"__all__": [f"{text.title}。{text.message}"]}}, status=status
        )
    else:
        html = loader.render_to_string(
            "errors/page.html",
            {
                "status": status,
                "title": text.title,
                "message": text.message,
                "SITE_NAME": settings.SITE_NAME,
            },
        )
        response = HttpResponse(html, status=status)
    response["Cache-Control"] = "no-store"
    if status == 503:
        response["Retry-After"] = "30"
    return response


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its security token (an old tab, cookies off): 403 in Chinese."""
    response = error_response(request, 403)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the 500 page, or the 503 when the database did not answer.

    Django calls it for an exception anywhere (a view, a middleware) and then logs the
    answer once on ``django.request``; ``ops.logfilters.OneLineDatabaseErrors`` makes an
    outage one line per request instead of a traceback.
    """
    exc = sys.exc_info()[1]
    if isinstance(exc, OperationalError):
        generation.mark_database_down(exc)
        return error_response(request, 503)
    return error_response(request, 500)
