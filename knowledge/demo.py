"""The knowledge part of the demo: lessons learned from Helseplattformen's early puljer, and
erfaringsmøter.

``portal.site.demo.load_demo`` calls :func:`load_knowledge_demo` at its end, after the rollout demo
has created the project leads of the municipalities. Every article and meeting is written
through ``knowledge.services`` (create, submit, publish, request changes, save meeting); the
timestamps the services write are then set back, so the lessons read as written in 2023–2025.
If demo articles exist, nothing is loaded, so loading twice changes nothing.

All the texts are demo content written for the portal: they are not statements by the
municipalities or their staff.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from knowledge.models import Article, ArticleEvent, Audience, Meeting, Topic
from knowledge.services import create_article, save_meeting, transition
from knowledge.topics import create_topic
from portal.history import SYSTEM
from portal.models import HistoryEntry, Organisation, Role, User
from rollout.models import MilestoneTemplate, Phase
from rollout.services.methodology import install_default_methodology

__all__ = ["load_knowledge_demo"]

EDITOR_EMAIL = "ks@demo.no"

TOPICS = [
    "Opplæring",
    "Integrasjoner",
    "Superbrukere",
    "Datakonvertering",
    "Organisasjon og endring",
    "Drift og forvaltning",
    "Legemidler",
    "Kommunikasjon",
    "Gevinstrealisering",
]

DEMO_NOTE = (
    "\n\n---\n\n*Demotekst skrevet for portalen. Teksten er ikke skrevet av kommunen og "
    "gjengir ikke kommunens egne vurderinger.*\n"
)

PUBLISHED = "published"
IN_REVIEW = "in_review"
CHANGES_REQUESTED = "changes_requested"
DRAFT = "draft"


@dataclass(frozen=True)
class _Lesson:
    municipality_number: str
    title: str
    summary: str
    body: str
    milestones: tuple[str, ...]
    phase: str
    topics: tuple[str, ...]
    written: datetime  # created; submitted two days later, published a week after that
    status: str = PUBLISHED
    audience: str = Audience.EVERYONE
    editor_comment: str = ""


def _t(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour))


LESSONS = [
    _Lesson(
        "5037",
        "Start superbrukeropplæringen tidligere enn planen tilsier",
        "Vi fikk superbrukerne på kurs rundt tre måneder før innføring. Det holdt knapt: "
        "mange rakk ikke å øve på egne arbeidsflyter før de skulle lære opp kollegaer.",
        """## Hva skjedde

Superbrukerne ble utpekt sent, og kursene ble lagt tett opp mot sluttbrukeropplæringen.
Flere enheter måtte sende de samme personene på kurs, vakter og ordinær drift samme uke.

## Hva vi ville gjort annerledes

- Utpek superbrukere **før** opplæringsplanen vedtas, slik at planen bygger på faktiske navn.
- Sett av tid til egenøving i et øvingsmiljø med realistiske pasienter mellom kurs og
  sluttbrukeropplæring.
- Frikjøp superbrukerne med vikarer i budsjettet, ikke «innenfor rammen».

## Råd til neste pulje

1. Lag en oversikt over superbrukere per enhet og vakt tidlig.
2. Følg opp gjennomført kurs ukentlig i styringsgruppen.
3. Planlegg for frafall: regn med at en av ti faller fra underveis.
""",
        ("superusers-appointed", "superuser-training-start", "superuser-training-complete"),
        Phase.TRAINING,
        ("Opplæring", "Superbrukere"),
        _t(2023, 4, 17),
    ),
    _Lesson(
        "5038",
        "Test e-meldinger ende til ende, med kvitteringer",
        "Oppkoblingen mot Norsk Helsenett var testet, men ikke hele kjeden med kvitteringer "
        "fra mottaker. Etter innføring fant vi meldinger som aldri kom fram.",
        """## Hva skjedde

Integrasjonstesten ble gjort sent og sjekket først og fremst at meldingene gikk ut.
At fastleger, legevakt og sykehus faktisk mottok dem, og at vi fikk kvittering tilbake,
ble ikke fulgt opp systematisk.

## Hva vi lærte

- En integrasjon er ikke testet før **kvitteringen** er mottatt og kontrollert.
- Lag en testmatrise med meldingstype, mottaker, forventet kvittering og ansvarlig.
- Sett opp overvåking av meldinger uten kvittering fra første driftsdøgn.

## Sjekkliste

| Meldingstype | Testet ut | Kvittering mottatt |
|---|---|---|
| Henvisning | ✓ | ✓ |
| Epikrise | ✓ | ✓ |
| Pleie- og omsorgsmelding | ✓ | ✓ |
""",
        ("integrations-ordered", "integration-test-e2e"),
        Phase.TEST,
        ("Integrasjoner",),
        _t(2023, 5, 8),
    ),
    _Lesson(
        "5001",
        "Superbrukere på hver vakt, også natt og helg",
        "De første ukene kom spørsmålene like ofte klokka tre om natta som på dagtid. Enhetene "
        "som hadde superbruker på alle vakter, klarte seg merkbart bedre.",
        """## Bakgrunn

Superbrukerne er første linje for hjelp. Planen vår dekket dagvakter godt, men natt og
helg var tynt bemannet.

## Erfaringer

- Enheter med superbruker på **hver** vakt meldte færre saker til brukerstøtte.
- Superbrukere trenger fritak fra egne pasientoppgaver de første dagene.
- En felles kanal der superbrukerne deler løsninger, sparte mye tid.

## Anbefaling

1. Lag vaktplan for superbrukere for minst fire uker etter innføring.
2. Gi superbrukerne en tydelig vei videre til kommandosentralen.
3. Hold et kort daglig møte med superbrukerne den første uka.
""",
        ("superusers-appointed", "daily-status-meetings"),
        Phase.STABILISATION,
        ("Superbrukere", "Organisasjon og endring"),
        _t(2023, 2, 20),
        audience=Audience.SUPER_USER,
    ),
    _Lesson(
        "5025",
        "To generalprøver på datakonverteringen er et minimum",
        "Første generalprøve avdekket feil i legemiddellister og avtalebøker som vi ikke hadde "
        "sett i prøvemigreringen. Uten en andre runde hadde vi tatt feilene med i drift.",
        """## Hva vi gjorde

Vi kjørte én prøvemigrering og to generalprøver med hele nattens kjøreplan, inkludert
kontroll av utvalgte pasienter i de nye journalene.

## Hva vi fant

- Avtaler med gjentakelse ble flyttet feil.
- Enkelte legemiddellister manglet dosering.
- Tidsbruken var lengre enn planen – vi justerte kjøreplanen med to timer.

## Råd

- Kontroller **innholdet**, ikke bare antall poster.
- La fagfolk fra enhetene stå for kontrollen, med en fast liste over pasienter.
- Lås kjøreplanen først etter andre generalprøve.
""",
        ("first-trial-migration", "dress-rehearsal-1", "dress-rehearsal-2"),
        Phase.PREPARATION,
        ("Datakonvertering",),
        _t(2023, 8, 28),
    ),
    _Lesson(
        "5057",
        "Bli enige med leverandøren om hva som er en feil",
        "Etter innføring brukte vi mye tid på å diskutere om sakene var feil, ønsker eller "
        "opplæringsbehov. Et felles klassifiseringsskjema fra start hadde spart oss for det.",
        """## Problemet

Brukerne meldte det de opplevde som feil. Leverandøren vurderte mange av sakene som
endringsønsker eller brukerfeil. Uenigheten tok tid og svekket tilliten.

## Hva som hjalp

- Et **felles skjema** for alvorlighetsgrad, avtalt med leverandøren.
- Pasientsikkerhet vurderes først, uavhengig av hvem som «eier» saken.
- Ukentlig gjennomgang av feillisten med leverandør, kommune og superbrukere.

## Anbefaling

Avtal klassifiseringen før akseptansetesten, og bruk den samme både i test og drift.
""",
        ("acceptance-test", "defect-list-classified"),
        Phase.STABILISATION,
        ("Drift og forvaltning", "Organisasjon og endring"),
        _t(2023, 11, 13),
        audience=Audience.PROJECT_LEAD,
    ),
    _Lesson(
        "5058",
        "Legemiddelhåndteringen fortjener sin egen gjennomgang",
        "Legemiddelmodulen var den delen som skapte mest usikkerhet hos sykepleierne. Vi burde "
        "testet hele kjeden fra ordinering til utdeling før go/no-go.",
        """## Hva vi så

- Arbeidsflyten for multidose og dosett var ny for mange.
- Utdelingslister så annerledes ut enn før, og ble lest feil de første dagene.
- Ansvaret mellom lege, sykepleier og apotek måtte avklares på nytt.

## Tiltak vi anbefaler

1. Egen akseptansetest for legemiddelhåndtering med sykepleiere fra hjemmetjenesten.
2. Egen sjekk av legemiddellister etter datakonverteringen.
3. Farmasøyt eller fagsykepleier tilgjengelig i kommandosentralen den første uka.
4. Legemiddelhåndtering som eget punkt i go/no-go-vurderingen.
""",
        ("standard-routines-decided", "acceptance-test", "go-no-go"),
        Phase.TEST,
        ("Legemidler",),
        _t(2023, 10, 2),
    ),
    _Lesson(
        "5037",
        "Kommandosentral og sjekklister for overgangsnatta",
        "Overgangen fra gamle systemer gikk etter planen fordi alle visste hva de skulle gjøre "
        "og når. Kjørelistene var viktigere enn vi trodde.",
        """## Slik organiserte vi det

- Kommandosentralen var bemannet fra fredag ettermiddag til mandag kveld.
- Hver oppgave hadde navn, klokkeslett og hvem som skulle bekrefte at den var gjort.
- Enhetene meldte status til faste tider, også når alt var i orden.

## Det som fungerte

- **Kjørelister** per enhet, øvd på i generalprøven.
- Egen logg for beslutninger tatt i løpet av natta.
- Korte statusmøter hver fjerde time.

## Det vi ville endret

Vi hadde for få folk på lørdag ettermiddag, da de første spørsmålene fra
hjemmetjenesten kom.
""",
        ("dress-rehearsal-2", "command-centre-staffed", "go-live"),
        Phase.GO_LIVE,
        ("Organisasjon og endring", "Drift og forvaltning"),
        _t(2023, 3, 6),
    ),
    _Lesson(
        "5038",
        "Dimensjoner driftsorganisasjonen før go-live",
        "Forvaltningen var planlagt for normal drift, ikke for månedene etter innføring. "
        "Sakene hopet seg opp, og prosjektet måtte holdes i gang lenger enn planlagt.",
        """## Erfaring

Overleveringen til drift og forvaltning var satt åtte uker etter innføring. Da var
forvaltningen fortsatt ikke bemannet for det antallet saker som kom inn.

## Råd

- Beregn saksmengden ut fra erfaringene til kommunene i forrige pulje.
- Ansett eller frikjøp forvaltere **før** innføring, så de kan være med i test.
- Avtal tydelige kriterier for når prosjektet kan overlevere til linja.

## Spørsmål til styringsgruppen

- Hvem eier feillisten etter overleveringen?
- Hvilket budsjett dekker ekstra forvaltning det første året?
""",
        ("staffing-plan", "handover-to-operations"),
        Phase.STABILISATION,
        ("Drift og forvaltning",),
        _t(2024, 2, 12),
        audience=Audience.STEERING_GROUP,
    ),
    _Lesson(
        "5054",
        "Reserverutiner må øves, ikke bare skrives",
        "Vi hadde skrevne reserverutiner, men første gang systemet var nede, fant ingen "
        "papirskjemaene. Etter en øvelse i hver enhet gikk neste nedetid uten problemer.",
        """## Hva skjedde

En kort planlagt nedetid i den første måneden viste at reserverutinene ikke var kjent i
alle enheter. Utskrifter av pasientlister var ikke oppdatert.

## Hva vi gjorde

1. Hver enhet fikk en reservemappe med skjemaer og kontaktliste.
2. Vi øvde på nedetid på både dag- og nattevakt.
3. Etterregistrering etter nedetid fikk en egen rutine.

## Råd

- Øv reserverutinene **før** innføring, og gjenta øvelsen i drift.
- Sørg for at pasientlister kan skrives ut automatisk før planlagt nedetid.
""",
        ("contingency-drilled", "go-no-go"),
        Phase.PREPARATION,
        ("Drift og forvaltning", "Organisasjon og endring"),
        _t(2024, 5, 21),
    ),
    _Lesson(
        "5001",
        "Informer fastleger og innbyggere i god tid",
        "Fastlegene fikk informasjonen for sent og visste ikke hvordan meldinger til og fra "
        "kommunen ville se ut. Innbyggerne lurte på hva som skjedde med journalen deres.",
        """## Erfaring

Vi brukte mye tid på intern opplæring og for lite på dem utenfor kommunen som merker
endringen: fastleger, legevakt, apotek og innbyggere.

## Dette anbefaler vi

- **Fastleger:** eget informasjonsmøte minst seks uker før, med eksempler på meldinger.
- **Innbyggere:** enkel tekst på kommunens nettsider og i tjenestene, med kontaktpunkt.
- **Helseforetak:** felles kontaktliste for de første ukene.

## Huskeliste

1. Hvem ringer fastlegen når en melding mangler?
2. Hva sier vi til innbyggere som spør om journalen sin?
3. Hvem oppdaterer informasjonen når noe endrer seg?
""",
        ("stakeholders-informed",),
        Phase.PREPARATION,
        ("Kommunikasjon", "Organisasjon og endring"),
        _t(2024, 8, 26),
    ),
    _Lesson(
        "5025",
        "Gevinstrealisering: mål før, og gi gevinstene en eier i linja",
        "Vi hadde en gevinstplan, men få målinger fra før innføring. Da vi skulle måle etter "
        "et halvt år, hadde vi lite å sammenligne med.",
        """## Hva vi lærte

- Gevinster som ikke har en **eier i linja**, blir ikke tatt ut.
- Nullpunktmålinger må gjøres før opplæringen starter, mens de gamle systemene er i bruk.
- Noen gevinster kommer først når rutinene er endret, ikke når systemet er tatt i bruk.

## Forslag til måleindikatorer

1. Tid brukt på dokumentasjon per vakt.
2. Antall manuelle meldinger og telefoner til fastlege.
3. Avvik knyttet til legemiddelhåndtering.
""",
        ("benefits-plan-first-ros", "first-benefits-measurement", "lessons-shared"),
        Phase.BENEFITS,
        ("Gevinstrealisering", "Organisasjon og endring"),
        _t(2025, 9, 1),
        status=IN_REVIEW,
        audience=Audience.STEERING_GROUP,
    ),
    _Lesson(
        "5057",
        "Sluttbrukeropplæring: tilgang først etter gjennomført kurs",
        "Vi ga tilgang bare til dem som hadde fullført kurset. Det ga god oppslutning, men "
        "krevde ekstra kurs for vikarer og nyansatte.",
        """## Erfaring

Prinsippet om at opplæring gir tilgang, ble godt mottatt. Utfordringen var vikarer,
nyansatte og ansatte i permisjon.

## Råd

- Planlegg ekstrakurs de siste to ukene før innføring.
- Ha et fast kurstilbud for nyansatte også etter innføring.
""",
        ("end-user-training-start", "end-user-training-complete"),
        Phase.TRAINING,
        ("Opplæring",),
        _t(2025, 3, 10),
        status=CHANGES_REQUESTED,
        editor_comment=(
            "Fint tema. Kan dere legge til hvor mange kurs dere kjørte, og hvor lang tid "
            "det tok å gi tilgang til vikarer?"
        ),
    ),
    _Lesson(
        "5037",
        "Skyggejournaler de første månedene",
        "Noen enheter førte egne notater på papir og i regneark ved siden av journalen. "
        "Her er det vi har lært om hvorfor, og hva som fikk dem til å slutte.",
        """## Utkast

- Hvorfor oppsto skyggejournalene?
- Hvilke risikoer ga de?
- Hva hjalp: oppfølging fra superbrukere, forenklede maler, tydelig ledelse.

*Fylles ut etter evalueringsmøtet.*
""",
        ("daily-status-meetings", "lessons-shared"),
        Phase.EVALUATION,
        ("Organisasjon og endring",),
        _t(2025, 6, 16),
        status=DRAFT,
    ),
]


# ---------------------------------------------------------------------------------------------
# Backdating: the services stamp with "now"; the demo sets the time to when it happened.
# ---------------------------------------------------------------------------------------------


def _last_pk(model: type[ArticleEvent] | type[HistoryEntry]) -> int:
    return model.objects.aggregate(last=Max("pk"))["last"] or 0


@contextmanager
def _at(moment: datetime) -> Iterator[None]:
    """Stamp the editorial steps and history entries written inside the block with
    ``moment``."""
    events, entries = _last_pk(ArticleEvent), _last_pk(HistoryEntry)
    yield
    ArticleEvent.objects.filter(pk__gt=events).update(at=moment)
    HistoryEntry.objects.filter(pk__gt=entries).update(at=moment)


def _lead(municipality_number: str) -> User:
    """The demo project lead of a municipality (created by the rollout demo)."""
    return User.objects.filter(
        memberships__organisation__municipality_number=municipality_number,
        memberships__role=Role.PROJECT_LEAD,
        email__startswith="prosjektleder.",
    ).order_by("pk").first() or User.objects.get(
        memberships__organisation__municipality_number=municipality_number,
        memberships__role=Role.PROJECT_LEAD,
    )


def _lesson(
    lesson: _Lesson,
    editor: User,
    templates: dict[str, MilestoneTemplate],
    topics: dict[str, Topic],
) -> Article:
    author = _lead(lesson.municipality_number)
    organisation = Organisation.objects.get(municipality_number=lesson.municipality_number)
    written = lesson.written
    submitted = written + timedelta(days=2, hours=3)
    decided = submitted + timedelta(days=7)
    with _at(written):
        article = create_article(
            by=author,
            organisation=organisation,
            milestones=[templates[code] for code in lesson.milestones],
            topics=[topics[name] for name in lesson.topics],
            title=lesson.title,
            summary=lesson.summary,
            body=lesson.body.strip() + DEMO_NOTE,
            phase=lesson.phase,
            audience=lesson.audience,
            is_demo=True,
        )
    last = written
    if lesson.status != DRAFT:
        with _at(submitted):
            transition(by=author, article=article, action="submit")
        last = submitted
    if lesson.status == PUBLISHED:
        with _at(decided):
            transition(by=editor, article=article, action="publish")
        last = decided
    elif lesson.status == CHANGES_REQUESTED:
        with _at(decided):
            transition(
                by=editor,
                article=article,
                action="request_changes",
                comment=lesson.editor_comment,
            )
        last = decided
    Article.objects.filter(pk=article.pk).update(
        created_at=written,
        updated_at=last,
        published_at=decided if lesson.status == PUBLISHED else None,
    )
    return article


def _meetings(editor: User, articles: dict[str, Article]) -> None:
    training = articles["Start superbrukeropplæringen tidligere enn planen tilsier"]
    shifts = articles["Superbrukere på hver vakt, også natt og helg"]

    def link(article: Article) -> str:
        return f"[{article.title}]({reverse('knowledge:article-detail', args=[article.pk])})"

    past_start = _t(2023, 9, 13, 10)
    with _at(_t(2023, 8, 21, 9)):
        past = save_meeting(
            by=editor,
            title="Erfaringsmøte: opplæring og superbrukere etter pulje 3",
            starts_at=past_start,
            ends_at=_t(2023, 9, 13, 14),
            place="Levanger rådhus og digitalt",
            audience=Audience.EVERYONE,
            agenda="""## Agenda

1. Velkommen og runde rundt bordet
2. Levanger og Verdal: opplæring og superbrukere fram mot februar 2023
3. Trondheim: superbrukere på vakt etter innføring
4. Hva tar vi med til neste pulje?
""",
        )
    with _at(_t(2023, 9, 15, 12)):
        save_meeting(
            by=editor,
            meeting=past,
            articles=[training, shifts],
            minutes=f"""## Referat

Om lag 40 deltakere fra kommuner i pulje 3 og 4, i tillegg til KS.

### Hovedpunkter

- Superbrukerkursene bør starte tidligere enn tre måneder før innføring.
  Se {link(training)}.
- Enheter med superbruker på hver vakt klarte seg bedre de første ukene.
  Se {link(shifts)}.
- Frikjøp av superbrukere må budsjetteres, ikke tas «innenfor rammen».

### Oppfølging

- KS samler forslag til felles opplæringsplan før neste erfaringsmøte.
- Kommunene i neste pulje inviteres til å hospitere i en kommandosentral.

*Demotekst skrevet for portalen.*
""",
        )

    with _at(_t(2025, 10, 6, 9)):
        upcoming = save_meeting(
            by=editor,
            title="Erfaringsmøte: forberedelser før første pulje i Sørvest",
            starts_at=_t(2026, 12, 3, 9),
            ends_at=_t(2026, 12, 3, 15),
            place="Kristiansand",
            link="https://example.org/erfaringsmote-2026-12",
            audience=Audience.PROJECT_LEAD,
            agenda="""## Agenda

1. Status i Sørvest: opplæringsplan, superbrukere og integrasjonstest
2. Erfaringer fra Helseplattformen: datakonvertering og generalprøver
3. Reserverutiner og kommandosentral – hva må være på plass?
4. Spørsmål og erfaringsdeling

*Demotekst skrevet for portalen.*
""",
        )
    with _at(_t(2025, 11, 3, 9)):
        later = save_meeting(
            by=editor,
            title="Erfaringsmøte etter første pulje i Sørvest",
            starts_at=_t(2027, 6, 9, 10),
            ends_at=_t(2027, 6, 9, 14),
            place="Digitalt",
            link="https://example.org/erfaringsmote-2027-06",
            audience=Audience.EVERYONE,
            agenda="""## Agenda

1. Slik gikk innføringen i Kristiansand, Arendal og Grimstad
2. Feilliste og samarbeid med leverandøren
3. Drift og forvaltning etter overlevering
4. Læringspunkter til pulje 2

*Demotekst skrevet for portalen.*
""",
        )
    Meeting.objects.filter(pk__in=[past.pk, upcoming.pk, later.pk]).update(is_demo=True)


def load_knowledge_demo() -> None:
    """The knowledge part of the demo. Call inside ``load_demo``'s transaction, after the
    rollout demo (it needs the project leads and the default methodology). Skipped if demo
    articles exist."""
    if Article.objects.filter(is_demo=True).exists():
        return
    editor = User.objects.get(email=EDITOR_EMAIL)
    methodology = install_default_methodology()
    templates = {t.code: t for t in methodology.milestones.all()}
    # The demo's topics, made through the service KS staff use (with history by the system).
    topics = {
        name: Topic.objects.filter(name=name).first() or create_topic(by=SYSTEM, name=name)
        for name in TOPICS
    }
    articles = {lesson.title: _lesson(lesson, editor, templates, topics) for lesson in LESSONS}
    _meetings(editor, articles)
