from __future__ import annotations

from rest_framework import serializers

from accounts.models import PROFILE_EDITABLE_FIELDS, Certification, Education, Experience, Profile, Skill, User


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "first_name",
            "last_name",
            "role",
            "status",
            "experience_level",
            "achievement_score",
            "timezone",
            "preferred_language",
            "date_joined",
        ]
        read_only_fields = fields


PROFILE_FIELDS = list(PROFILE_EDITABLE_FIELDS)


class ProfileSerializer(serializers.ModelSerializer):
    first_name = serializers.CharField(source="user.first_name", max_length=150, required=False, allow_blank=True)
    last_name = serializers.CharField(source="user.last_name", max_length=150, required=False, allow_blank=True)
    avatar_url = serializers.SerializerMethodField()
    public_url = serializers.SerializerMethodField()

    class Meta:
        model = Profile
        fields = ["first_name", "last_name", *PROFILE_FIELDS, "avatar_url", "public_url", "updated_at"]
        read_only_fields = ["avatar_url", "public_url", "updated_at"]

    def get_avatar_url(self, obj: Profile) -> str | None:
        return obj.avatar.url if obj.avatar else None

    def get_public_url(self, obj: Profile) -> str | None:
        from django.urls import reverse

        return reverse("accounts:profile_public", args=[obj.public_slug]) if obj.is_public else None

    def to_service_data(self) -> dict:
        data = dict(self.validated_data)
        data.update(data.pop("user", {}))
        return data


ITEM_META_FIELDS = ("sort_order", "created_at", "updated_at")


class ProfileItemSerializer(serializers.ModelSerializer):
    class Meta:
        read_only_fields = ["id", "sort_order", "created_at", "updated_at"]


class ExperienceSerializer(ProfileItemSerializer):
    class Meta(ProfileItemSerializer.Meta):
        model = Experience
        fields = ["id", *Experience.EDITABLE_FIELDS, *ITEM_META_FIELDS]


class EducationSerializer(ProfileItemSerializer):
    class Meta(ProfileItemSerializer.Meta):
        model = Education
        fields = ["id", *Education.EDITABLE_FIELDS, *ITEM_META_FIELDS]


class SkillSerializer(ProfileItemSerializer):
    class Meta(ProfileItemSerializer.Meta):
        model = Skill
        fields = ["id", *Skill.EDITABLE_FIELDS, "endorsements", *ITEM_META_FIELDS]
        read_only_fields = [*ProfileItemSerializer.Meta.read_only_fields, "endorsements"]


class CertificationSerializer(ProfileItemSerializer):
    class Meta(ProfileItemSerializer.Meta):
        model = Certification
        fields = ["id", *Certification.EDITABLE_FIELDS, *ITEM_META_FIELDS]


class ReorderSerializer(serializers.Serializer):
    ids = serializers.ListField(child=serializers.UUIDField(), allow_empty=True)
