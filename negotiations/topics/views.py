"""/topics/ and /topics/<slug>/: each topic's terms per side, and one topic's story over time."""

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from negotiations.citing import sharing
from negotiations.models import Relation, Topic
from negotiations.topics import fetch
from negotiations.web.pages import public_page


@public_page
def topic_list(request):
    topics, empty_topics = fetch.topic_counts()
    return TemplateResponse(request, "negotiations/topic_list.html", {"topics": topics, "empty_topics": empty_topics})


@public_page
def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    told, earlier = fetch.story_of(topic)
    context = {
        "topic": topic,
        "story": told,
        "earlier": earlier,
        "relation_labels": dict(Relation.choices),
        "share": sharing.of_topic(topic),
    }
    return TemplateResponse(request, "negotiations/topic_detail.html", context)
