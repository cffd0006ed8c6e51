from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waspada.accounts import policy
from waspada.accounts.access import capability_required
from waspada.lib.queue import enqueue_on_commit

from . import services
from .forms import ArticleFilterForm, SourceForm, TriageForm
from .models import Source
from .tasks import poll_source


@capability_required("media.view")
def articles(request):
    filters = ArticleFilterForm(request.GET or None)
    queryset = (
        filters.apply(services.visible_articles(request.user))
        .select_related("story", "area")
        .defer("raw", "signature", "analysis")
    )
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    can_manage = policy.has_capability(request.user, "media.manage")
    return render(
        request,
        "media/articles.html",
        {"page": page, "filters": filters, "can_manage": can_manage},
    )


def _visible_article(request, pk):
    article = get_object_or_404(
        services.visible_articles(request.user).select_related("story", "source", "area"), pk=pk
    )
    return article


@capability_required("media.view")
def article(request, pk):
    item = _visible_article(request, pk)
    story = item.story
    others = []
    if story is not None:
        others = (
            services.visible_articles(request.user)
            .filter(story=story)
            .exclude(pk=item.pk)
            .defer("raw", "signature", "analysis")
            .order_by("fetched_at")
        )
    can_triage = story is not None and policy.has_capability(request.user, "records.triage")
    context = {
        "article": item,
        "story": story,
        "others": others,
        "analysis": item.reading,
        "can_triage": can_triage,
        "can_code_event": can_triage and _may_code_events(request.user),
        "triage_form": TriageForm() if can_triage else None,
    }
    return render(request, "media/article.html", context)


def _may_code_events(user) -> bool:
    try:
        return policy.has_capability(user, "events.edit")
    except KeyError:  # no events app in this deployment
        return False


@require_POST
@capability_required("records.triage")
def article_triage(request, pk):
    item = _visible_article(request, pk)
    form = TriageForm(request.POST)
    if item.story is None or not form.is_valid():
        raise Http404
    services.set_triage(item.story, form.cleaned_data["triage"], request.user)
    messages.success(request, _("Triage saved for the story and all its articles."))
    return redirect(item)


@capability_required("records.triage")
def article_raw(request, pk):
    """The page as it was fetched, as plain text (never rendered): to check what was read."""
    item = _visible_article(request, pk)
    if not item.raw:
        raise Http404
    body = item.raw_bytes
    response = HttpResponse(body, content_type="text/plain; charset=" + (item.encoding or "utf-8"))
    response["Content-Disposition"] = f'inline; filename="article-{item.pk}.txt"'
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@capability_required("media.manage")
def sources(request):
    items = Source.objects.annotate(article_total=Count("articles"))
    return render(request, "media/sources.html", {"sources": items})


@capability_required("media.manage")
def source_new(request):
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        source = form.save(commit=False)
        source.created_by = request.user
        source.save()
        messages.success(request, _("Source saved. It will be polled within a minute."))
        return redirect("media:sources")
    return render(request, "media/source_form.html", {"form": form, "source": None})


@capability_required("media.manage")
def source_edit(request, pk):
    source = get_object_or_404(Source, pk=pk)
    form = SourceForm(request.POST or None, instance=source)
    if request.method == "POST" and form.is_valid():
        source = form.save(commit=False)
        if "url" in form.changed_data or "kind" in form.changed_data:
            # Another address: forget what the old one said, poll it at once.
            source.etag = source.last_modified = ""
            source.error_count = 0
            source.next_poll_at = timezone.now()
        source.save()
        messages.success(request, _("Source saved."))
        return redirect("media:sources")
    polls = source.polls.all()[:20]
    return render(
        request, "media/source_form.html", {"form": form, "source": source, "polls": polls}
    )


@require_POST
@capability_required("media.manage")
def source_poll(request, pk):
    source = get_object_or_404(Source, pk=pk)
    if not source.polled:
        messages.error(request, _("Imported sources are not polled."))
    else:
        enqueue_on_commit(poll_source, source.pk)
        messages.success(request, _("The source will be polled in a moment."))
    return redirect("media:sources")
