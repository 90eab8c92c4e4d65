"""Temporary minimal pages; the foundation issue replaces them with the real views."""

from django.http import HttpResponse


def home(request):
    return HttpResponse("Hearth")


def space_detail(request, slug):
    return HttpResponse(slug)


def thread_detail(request, thread_id):
    return HttpResponse(str(thread_id))


def post_redirect(request, post_id):
    return HttpResponse(str(post_id))


def member_profile(request, member_id):
    return HttpResponse(str(member_id))


def notifications(request):
    return HttpResponse("notifications")


def preferences(request):
    return HttpResponse("preferences")
