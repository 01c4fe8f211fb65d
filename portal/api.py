"""API of the base: organisations, memberships, invitations and the signed-in person."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.exceptions import PermissionDenied as DRFPermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from portal import access, services
from portal.api_permissions import SecondFactorForStaff
from portal.filters import OrganisationFilterSet
from portal.models import Invitation, Membership, Organisation, Role, User


def as_drf_error(exc: ValidationError) -> DRFValidationError:
    """A service's ValidationError as a 400 that names the field."""
    if hasattr(exc, "error_dict"):
        return DRFValidationError(
            {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
        )
    return DRFValidationError({"non_field_errors": exc.messages})


class OrganisationSerializer(serializers.ModelSerializer):
    county: serializers.StringRelatedField[Any] = serializers.StringRelatedField()

    class Meta:
        model = Organisation
        fields = ["id", "kind", "name", "municipality_number", "county", "is_demo"]


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet

    def get_queryset(self) -> Any:
        return Organisation.objects.visible_to(self.request.user).select_related("county")


class MembershipSerializer(serializers.ModelSerializer):
    user = serializers.EmailField(source="user.email", read_only=True)
    organisation: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        read_only=True
    )

    class Meta:
        model = Membership
        fields = ["id", "user", "organisation", "role"]


class MembershipViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = MembershipSerializer

    def get_queryset(self) -> Any:
        return Membership.objects.visible_to(self.request.user).select_related("user")


class InvitationSerializer(serializers.ModelSerializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    role = serializers.ChoiceField(choices=Role.choices)

    class Meta:
        model = Invitation
        fields = ["id", "email", "organisation", "role", "created_at", "expires_at", "accepted_at"]
        read_only_fields = ["created_at", "expires_at", "accepted_at"]


class CanInvite(permissions.BasePermission):
    """Only KS staff and administrators see or send invitations."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return services.can_invite(request.user)


class InvitationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = InvitationSerializer
    permission_classes = [permissions.IsAuthenticated, SecondFactorForStaff, CanInvite]

    def get_queryset(self) -> Any:
        return Invitation.objects.visible_to(self.request.user).select_related("organisation")

    def perform_create(self, serializer: Any) -> None:
        try:
            serializer.instance = services.invite_person(
                by=self.request.user, **serializer.validated_data
            )
        except PermissionDenied:
            raise DRFPermissionDenied from None
        except ValidationError as exc:
            raise as_drf_error(exc) from None


class MeSerializer(serializers.Serializer):
    email = serializers.EmailField()
    name = serializers.CharField()
    memberships = MembershipSerializer(many=True)
    sees_everything = serializers.BooleanField()


class MeView(APIView):
    """The signed-in person and their memberships."""

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        user = cast(User, request.user)
        data = {
            "email": user.email,
            "name": user.get_full_name(),
            "memberships": access.memberships(user),
            "sees_everything": access.sees_everything(user),
        }
        return Response(MeSerializer(data).data)
