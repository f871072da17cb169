"""The API's endpoints: thin, like the pages' views. Visibility is the pages' selectors (the
client acts as its service user), permissions the pages' rules, writes the pages' services,
and every read of a person is logged as a page read is."""

import datetime

import rules
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, pagination, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.audit import record_read
from accounts.models import LocalAgreement, Municipality
from lib.ids import MAX_DIGITS, parse_id
from participants.selectors import participants_visible_to
from reports import kpis
from reports.selectors import followup_agreements, followup_municipalities, followup_tracks
from tracks import services as track_services
from tracks.forms import NominationForm
from tracks.models import Candidacy, Phase
from tracks.selectors import nominating_organisation, nomination_tracks, tracks_visible_to

from . import serializers as s
from .models import Scope
from .permissions import HasScope
from .throttling import ClientRateThrottle

MAX_ID = 10**MAX_DIGITS - 1
ERRORS = {
    400: OpenApiResponse(s.ValidationErrorSerializer, description=_("A parameter is not valid.")),
    401: OpenApiResponse(s.ErrorSerializer, description=_("No token, or one that has expired or been revoked.")),
    403: OpenApiResponse(s.ErrorSerializer, description=_("The token lacks the scope.")),
    429: OpenApiResponse(s.ErrorSerializer, description=_("Too many requests: wait the seconds Retry-After says.")),
}
NOT_FOUND = {404: OpenApiResponse(s.ErrorSerializer, description=_("No such object, or not one the client may see."))}


def id_parameter(name, description):
    return OpenApiParameter(name, {"type": "integer", "minimum": 1, "maximum": MAX_ID}, OpenApiParameter.PATH,
                            description=description)


class Paging(pagination.LimitOffsetPagination):
    default_limit = 50
    max_limit = 200
    max_offset = 10**9  # beyond any list; a larger one would overflow the database's integer

    def get_offset(self, request):
        return min(super().get_offset(request), self.max_offset)


class ApiView(APIView):
    """Every endpoint: the client's token, the scope, the client's rate; no browser cache."""

    permission_classes = [HasScope]
    throttle_classes = [ClientRateThrottle]
    required_scope = ""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "no-store, private, max-age=0"
        return response

    def filters(self, serializer_class):
        """The query's filters, checked: a wrong value is a 400 that says which and why."""
        given = serializer_class(data=self.request.query_params)
        given.is_valid(raise_exception=True)
        return given.validated_data

    def object_id(self, name="id"):
        pk = parse_id(self.kwargs[name])
        if pk is None:
            raise Http404
        return pk


class ListView(ApiView, generics.ListAPIView):
    pagination_class = Paging


# --- Tracks ------------------------------------------------------------------------------


class TrackFilters(serializers.Serializer):
    phase = serializers.ChoiceField(choices=Phase.choices, required=False, help_text=_("Only tracks in this phase."))
    municipality = serializers.RegexField(r"^[0-9]{4}$", required=False,
                                          help_text=_("Only tracks led by this municipality (its four-digit code)."))
    changed_since = serializers.DateTimeField(
        required=False, help_text=_("Only tracks created or moved to another phase at or after this time."))


def visible_tracks(user):
    return (tracks_visible_to(user).select_related("occupation", "lead_municipality")
            .prefetch_related("employers").order_by("planned_start", "id"))


@extend_schema(tags=["tracks"], parameters=[TrackFilters], responses={200: s.TrackSerializer(many=True), **ERRORS},
               summary=_("Tracks the client may see"), description=_("Scope: tracks:read."))
class TrackList(ListView):
    required_scope = Scope.TRACKS_READ
    serializer_class = s.TrackSerializer

    def get_queryset(self):
        given = self.filters(TrackFilters)
        tracks = visible_tracks(self.request.user)
        if "phase" in given:
            tracks = tracks.filter(phase=given["phase"])
        if "municipality" in given:
            tracks = tracks.filter(lead_municipality__municipality=given["municipality"])
        if "changed_since" in given:
            since = given["changed_since"]
            tracks = tracks.filter(Q(created_at__gte=since) | Q(phase_changed_at__gte=since))
        return tracks


@extend_schema(tags=["tracks"], parameters=[id_parameter("id", _("The track's id."))],
               responses={200: s.TrackSerializer, **ERRORS, **NOT_FOUND}, summary=_("One track"),
               description=_("Scope: tracks:read."))
class TrackDetail(ApiView):
    required_scope = Scope.TRACKS_READ

    def get(self, request, id):  # noqa: A002 -- the path's name
        return Response(s.TrackSerializer(self.track()).data)

    def track(self):
        track = visible_tracks(self.request.user).filter(pk=self.object_id()).first()
        if track is None:
            raise Http404
        return track


class OnTrack(ListView):
    """A list of something on a track the client sees (404 for any other track)."""

    required_scope = Scope.TRACKS_READ

    def get_queryset(self):
        if not tracks_visible_to(self.request.user).filter(pk=self.object_id()).exists():
            raise Http404
        return self.rows(self.object_id())


@extend_schema(tags=["tracks"], parameters=[id_parameter("id", _("The track's id."))],
               responses={200: s.InterventionSerializer(many=True), **ERRORS, **NOT_FOUND},
               summary=_("The track's interventions"), description=_("Scope: tracks:read."))
class InterventionList(OnTrack):
    serializer_class = s.InterventionSerializer

    def rows(self, track_id):
        from tracks.models import Intervention

        return Intervention.objects.filter(track=track_id).order_by("start_date", "end_date", "id")


@extend_schema(tags=["tracks"], parameters=[id_parameter("id", _("The track's id."))],
               responses={200: s.ActivitySerializer(many=True), **ERRORS, **NOT_FOUND},
               summary=_("The track's recruitment activities"), description=_("Scope: tracks:read."))
class ActivityList(OnTrack):
    serializer_class = s.ActivitySerializer

    def rows(self, track_id):
        from tracks.models import RecruitmentActivity

        return RecruitmentActivity.objects.filter(track=track_id).order_by("starts_at", "id")


# --- Key figures -------------------------------------------------------------------------


class Period(serializers.Serializer):
    period_from = serializers.DateField(required=False, help_text=_("Tracks that ran on or after this day."))
    period_to = serializers.DateField(required=False, help_text=_("Tracks that ran on or before this day."))

    def validate(self, data):
        if data.get("period_from") and data.get("period_to") and data["period_from"] > data["period_to"]:
            raise serializers.ValidationError({"period_to": _("The end of the period is before its start.")})
        return data


def figures(user, given, **where):
    """The key figures of `reports.kpis` for the tracks the client sees under the agreement or
    municipality, that ran during the period (all time when none is given)."""
    tracks = followup_tracks(user=user, period_from=given.get("period_from", datetime.date.min),
                             period_to=given.get("period_to", datetime.date.max), **where)
    return s.kpis_data(kpis.compute(tracks), period_from=given.get("period_from"), period_to=given.get("period_to"))


@extend_schema(tags=["kpis"], responses={200: s.AgreementSerializer(many=True), **ERRORS},
               summary=_("Local agreements the client may follow up"), description=_("Scope: kpis:read."))
class AgreementList(ListView):
    required_scope = Scope.KPIS_READ
    serializer_class = s.AgreementSerializer

    def get_queryset(self):
        return followup_agreements(self.request.user).select_related("af_office").order_by("name", "id")


@extend_schema(tags=["kpis"], parameters=[id_parameter("id", _("The agreement's id.")), Period],
               responses={200: s.KpisSerializer, **ERRORS, **NOT_FOUND}, summary=_("Key figures of an agreement"),
               description=_("Scope: kpis:read. Of the tracks under the agreement that the client sees."))
class AgreementKpis(ApiView):
    required_scope = Scope.KPIS_READ

    def get(self, request, id):  # noqa: A002 -- the path's name
        given = self.filters(Period)
        agreement = followup_agreements(request.user).filter(pk=self.object_id()).first()
        if agreement is None:
            raise Http404
        return Response(s.KpisSerializer(figures(request.user, given, agreement=agreement)).data)


@extend_schema(tags=["kpis"], parameters=[
    OpenApiParameter("code", OpenApiTypes.STR, OpenApiParameter.PATH, pattern="^[0-9]{4}$",
                     description=_("The municipality's four-digit code.")), Period],
    responses={200: s.KpisSerializer, **ERRORS, **NOT_FOUND}, summary=_("Key figures of a municipality"),
    description=_("Scope: kpis:read. Of the tracks the municipality leads that the client sees."))
class MunicipalityKpis(ApiView):
    required_scope = Scope.KPIS_READ

    def get(self, request, code):
        given = self.filters(Period)
        municipality = followup_municipalities(request.user).filter(code=code).first()
        if municipality is None:
            raise Http404
        return Response(s.KpisSerializer(figures(request.user, given, municipality=municipality)).data)


# --- Participants and nominations ----------------------------------------------------------


class ParticipantFilters(serializers.Serializer):
    municipality = serializers.RegexField(r"^[0-9]{4}$", required=False,
                                          help_text=_("Only people living in this municipality (its four-digit code)."))


@extend_schema(tags=["participants"], parameters=[ParticipantFilters],
               responses={200: s.ParticipantSerializer(many=True), **ERRORS}, summary=_("Participants the client may see"),
               description=_("Scope: participants:read. Each person listed is a logged read."))
class ParticipantList(ListView):
    required_scope = Scope.PARTICIPANTS_READ
    serializer_class = s.ParticipantSerializer

    def get_queryset(self):
        given = self.filters(ParticipantFilters)
        people = participants_visible_to(self.request.user).order_by("last_name", "first_name", "id")
        if "municipality" in given:
            people = people.filter(home_municipality=given["municipality"])
        return people

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page:
            record_read(self.request, page, api_client=self.request.auth.pk)
        return page


class OnePerson(ApiView):
    required_scope = Scope.PARTICIPANTS_READ

    def person(self):
        person = participants_visible_to(self.request.user).filter(pk=self.object_id()).first()
        if person is None:
            raise Http404
        record_read(self.request, person, api_client=self.request.auth.pk)
        return person


@extend_schema(tags=["participants"], parameters=[id_parameter("id", _("The participant's id."))],
               responses={200: s.ParticipantSerializer, **ERRORS, **NOT_FOUND}, summary=_("One participant"),
               description=_("Scope: participants:read. A logged read."))
class ParticipantDetail(OnePerson):
    def get(self, request, id):  # noqa: A002 -- the path's name
        return Response(s.ParticipantSerializer(self.person()).data)


@extend_schema(tags=["participants"], parameters=[id_parameter("id", _("The participant's id."))],
               responses={200: s.CandidacySerializer(many=True), **ERRORS, **NOT_FOUND},
               summary=_("The participant's candidacies"),
               description=_("Scope: participants:read. On the tracks the client sees; a logged read."))
class CandidacyList(OnePerson, ListView):
    serializer_class = s.CandidacySerializer

    def get_queryset(self):
        person = self.person()
        return (Candidacy.objects.filter(participant=person, track__in=tracks_visible_to(self.request.user))
                .select_related("nominating_organisation").order_by("nominated_at", "id"))


@extend_schema(tags=["participants"], request=s.NominationSerializer,
               responses={201: s.CandidacySerializer, **ERRORS}, summary=_("Nominate a participant"),
               description=_("Scope: nominations:write. As an officer nominates on the nomination page: a "
                             "recruiting track the client sees, a person it sees, with a motivation."))
class NominationCreate(ApiView):
    required_scope = Scope.NOMINATIONS_WRITE

    def post(self, request):
        asked = s.NominationSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        user = request.user
        if not rules.has_perm("tracks.nominate", user):  # the service user is inactive: ask the rule itself
            return Response({"detail": _("This client may not nominate.")}, status=status.HTTP_403_FORBIDDEN)
        form = NominationForm(asked.validated_data, tracks=nomination_tracks(user),
                              participants=participants_visible_to(user))
        if not form.is_valid():
            raise ValidationError(form.errors)
        organisation = nominating_organisation(user, None, form.cleaned_data["track"])
        try:
            candidacy = track_services.candidacy_nominate(actor=user, organisation=organisation, **form.cleaned_data)
        except DjangoValidationError as error:
            raise ValidationError({"__all__": error.messages}) from None
        return Response(s.CandidacySerializer(candidacy).data, status=status.HTTP_201_CREATED)
