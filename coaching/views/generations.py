"""The generation poller: every page waiting on the AI includes this fragment, which polls
itself (htmx) while the answer is written, shows the text streamed so far, then either
sends the browser to the result or shows a clear error with "Try again"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_POST

from billing.exceptions import QuotaExceeded
from coaching.ai.generation import generation_retry, spec_for
from coaching.ai.stream import stream_read
from coaching.selectors.generations import generation_list_for_user


def _generation_or_404(request, generation_id):
    return get_object_or_404(generation_list_for_user(user=request.user), pk=generation_id)


@login_required
@require_GET
def generation_status(request, generation_id):
    generation = _generation_or_404(request, generation_id)
    spec = spec_for(generation.kind)
    if generation.status == generation.Status.SUCCEEDED:
        url = spec.result_url(generation)
        if request.htmx and spec.done_template:
            return render(request, spec.done_template, {"generation": generation})
        if request.htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)
    context = {"generation": generation, "partial_text": stream_read(generation.pk) if generation.is_active else ""}
    if request.htmx:
        return render(request, "coaching/partials/_generation.html", context)
    return render(request, "coaching/generation_status.html", context)


@login_required
@require_POST
def generation_retry_view(request, generation_id):
    generation = _generation_or_404(request, generation_id)
    try:
        new = generation_retry(generation=generation)
    except QuotaExceeded as exc:
        return _retry_refused(request, generation, str(exc))
    except ValidationError as exc:
        return _retry_refused(request, generation, " ".join(exc.messages))
    if request.htmx:
        return render(request, "coaching/partials/_generation.html", {"generation": new, "partial_text": ""})
    return redirect(spec_for(new.kind).result_url(new))


def _retry_refused(request, generation, message: str):
    # htmx swaps the answer into the poller: a redirect would be followed and a whole page
    # swapped in, so it gets the fragment again with the reason next to "Try again".
    if request.htmx:
        context = {"generation": generation, "partial_text": "", "retry_error": message}
        return render(request, "coaching/partials/_generation.html", context)
    messages.error(request, message)
    return redirect(spec_for(generation.kind).result_url(generation))


urlpatterns = [
    path("generations/<uuid:generation_id>/", generation_status, name="generation_status"),
    path("generations/<uuid:generation_id>/retry/", generation_retry_view, name="generation_retry"),
]
