"""Account API: the current user, their profile and its parts.

Every object is looked up through a selector scoped to ``request.user``, so
another user's id answers 404 exactly like a missing one.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors, services
from accounts.api import serializers as s
from accounts.models import Certification, Education, Experience, Skill


class MeApi(APIView):
    scope_resource = "profile"

    @extend_schema(responses=s.UserSerializer, summary="The authenticated user")
    def get(self, request):
        return Response(s.UserSerializer(request.user).data)


class ProfileApi(APIView):
    scope_resource = "profile"

    @extend_schema(responses=s.ProfileSerializer, summary="Read your profile")
    def get(self, request):
        profile = services.profile_ensure(user=request.user)
        return Response(s.ProfileSerializer(profile).data)

    @extend_schema(request=s.ProfileSerializer, responses=s.ProfileSerializer, summary="Update your profile")
    def patch(self, request):
        return self._update(request, partial=True)

    @extend_schema(request=s.ProfileSerializer, responses=s.ProfileSerializer, summary="Replace your profile")
    def put(self, request):
        return self._update(request, partial=False)

    def _update(self, request, *, partial: bool):
        profile = services.profile_ensure(user=request.user)
        serializer = s.ProfileSerializer(profile, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        profile = services.profile_update(profile=profile, data=serializer.to_service_data())
        return Response(s.ProfileSerializer(profile).data)


class _ProfileItemListApi(APIView):
    scope_resource = "profile"
    model: type
    serializer_class: type

    def get(self, request):
        items = selectors.profile_item_list_for_user(user=request.user, model=self.model)
        return Response(self.serializer_class(items, many=True).data)

    def post(self, request):
        serializer = self.serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        profile = services.profile_ensure(user=request.user)
        item = services.profile_item_create(profile=profile, model=self.model, data=serializer.validated_data)
        return Response(self.serializer_class(item).data, status=status.HTTP_201_CREATED)


class _ProfileItemDetailApi(APIView):
    scope_resource = "profile"
    model: type
    serializer_class: type

    def _get_item(self, request, item_id):
        return get_object_or_404(selectors.profile_item_list_for_user(user=request.user, model=self.model), pk=item_id)

    def get(self, request, item_id):
        return Response(self.serializer_class(self._get_item(request, item_id)).data)

    def patch(self, request, item_id):
        item = self._get_item(request, item_id)
        serializer = self.serializer_class(item, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        item = services.profile_item_update(item=item, data=serializer.validated_data)
        return Response(self.serializer_class(item).data)

    def delete(self, request, item_id):
        services.profile_item_delete(item=self._get_item(request, item_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class _ProfileItemReorderApi(APIView):
    scope_resource = "profile"
    model: type
    serializer_class: type

    def put(self, request):
        serializer = s.ReorderSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        profile = services.profile_ensure(user=request.user)
        items = services.profile_item_reorder(profile=profile, model=self.model, ids=serializer.validated_data["ids"])
        return Response(self.serializer_class(items, many=True).data)


def _item_views(model: type, serializer: type, tag: str) -> tuple[type, type, type]:
    attrs = {"model": model, "serializer_class": serializer}
    schema = extend_schema(tags=[tag])
    name = model.__name__
    # The methods live on the shared bases, so their per-kind responses are documented here.
    list_schema = extend_schema_view(
        get=extend_schema(operation_id=f"{tag}_list", responses=serializer(many=True)),
        post=extend_schema(operation_id=f"{tag}_create", responses={status.HTTP_201_CREATED: serializer}),
    )
    reorder_schema = extend_schema_view(
        put=extend_schema(request=s.ReorderSerializer, responses=serializer(many=True)),
    )
    return (
        schema(list_schema(type(f"{name}ListApi", (_ProfileItemListApi,), attrs))),
        schema(type(f"{name}DetailApi", (_ProfileItemDetailApi,), attrs)),
        schema(reorder_schema(type(f"{name}ReorderApi", (_ProfileItemReorderApi,), attrs))),
    )


ITEM_APIS = {
    "experiences": _item_views(Experience, s.ExperienceSerializer, "experiences"),
    "educations": _item_views(Education, s.EducationSerializer, "educations"),
    "skills": _item_views(Skill, s.SkillSerializer, "skills"),
    "certifications": _item_views(Certification, s.CertificationSerializer, "certifications"),
}
