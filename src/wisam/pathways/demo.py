"""The pathways demo: three published pathways of the three ETF types across institutions (one recognised by AQAC),
learners part way along each, one completed stacked credential, an uploaded external credential, recognition
requests in every state (submitted, under review, full, partial, refused, appealed) and one request for recognition of
prior (work-based) learning decided partially, which counts in Huda's progress.

Runs after the credentials demo. Al-Karmil's diploma and its two new parts are registered by self-accreditation
(Al-Karmil may self-accredit ICT up to EQF 6 in the accreditation demo). Idempotent: once the pathways exist the
demo leaves everything as it is.
"""

from __future__ import annotations

import json
import logging
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from wisam.credentials.compose import Learner
from wisam.institutions.models import Membership, Organisation, User
from wisam.institutions.roles import Role

logger = logging.getLogger(__name__)

CODES = ("data-diploma", "it-bachelor-credit", "community-services-credit")


def _t(ar: str, en: str) -> dict[str, str]:
    return {"ar": ar, "en": en}


def _person(organisation: Organisation, role: str) -> User | None:
    membership = (
        Membership.objects.current().filter(organisation=organisation, role=role).select_related("user").first()
    )
    if membership is not None:
        return membership.user
    return User.objects.filter(is_superuser=True).order_by("id").first()


def _mc(slug: str, code: str) -> Any:
    from wisam.design.models import MicroCredential

    return MicroCredential.objects.filter(organisation__slug=slug, code=code).first()


def _key(mc: Any) -> str:
    return f"mc:{mc.pk}"


def _self_accredited(organisation: Organisation, code: str, ar: str, en: str, isced: str, eqf: int, ects: str) -> Any:
    """A micro-credential of Al-Karmil, released by internal QA and registered by self-accreditation."""
    from wisam.accreditation.demo import _spec_data
    from wisam.accreditation.services import self_accreditation_notify
    from wisam.design.services import (
        micro_credential_create,
        specification_version_load,
        specification_version_set_status,
    )

    existing = _mc(organisation.slug, code)
    if existing is not None:
        return existing.versions.order_by("-number").first()
    designer = _person(organisation, Role.MC_DESIGNER)
    approver = _person(organisation, Role.INSTITUTIONAL_APPROVER)
    version = micro_credential_create(organisation=organisation, code=code, title=_t(ar, en), actor=designer)
    data = _spec_data(ar, en, isced, eqf, organisation)
    hours = int(float(ects) * 25)
    data.update(
        ects=ects,
        credit_hours=str(round(float(ects) / 1.5, 1)),
        notional_hours=hours,
        fee_amount=str(90 * int(float(ects))),
    )
    data["stackability"] = "integrated"
    version = specification_version_load(version=version, data=data, actor=designer)
    version = specification_version_set_status(
        version=version, status="ready_for_accreditation", actor=approver, note="pathways demo"
    )
    self_accreditation_notify(version=version, actor=approver)
    return version


def _issue(version: Any, learner: User, grade: str = "") -> Any:
    from wisam.credentials.services import IssuanceRefused, credential_issue, idempotency_key_for

    organisation = version.micro_credential.organisation
    name = learner.full_name or {}
    try:
        return credential_issue(
            organisation=organisation,
            version=version,
            learner=Learner(
                email=learner.email, name={"ar": name.get("ar", ""), "en": name.get("en", "")}, grade=grade
            ),
            actor=_person(organisation, Role.REGISTRAR),
            idempotency_key=idempotency_key_for(version=version, email=learner.email),
            notify=False,
        ).credential
    except IssuanceRefused as refused:
        logger.warning("pathways demo: could not issue %s to %s: %s", version, learner.email, refused.message)
        return None


def _latest(mc: Any) -> Any:
    return mc.versions.order_by("-number").first() if mc is not None else None


def _publish(version: Any) -> Any:
    from wisam.pathways.services import pathway_version_transition

    organisation = version.organisation
    version = pathway_version_transition(
        version=version, transition="submit", actor=_person(organisation, Role.MC_DESIGNER)
    )
    version = pathway_version_transition(
        version=version, transition="recommend", actor=_person(organisation, Role.QA_OFFICER)
    )
    return pathway_version_transition(
        version=version, transition="publish", actor=_person(organisation, Role.INSTITUTIONAL_APPROVER)
    )


def _external_document(learner: User) -> bytes:
    """A credential from an online academy outside Wisam, signed with its own did:key (for Huda's upload)."""
    from wisam.vc import Ed25519Key, open_badge_credential, sign

    key = Ed25519Key.generate()
    now = timezone.now().replace(microsecond=0) - timedelta(days=200)
    achievement = {
        "id": "https://academy.example/achievements/data-visualisation",
        "type": ["Achievement"],
        "achievementType": "MicroCredential",
        "name": "Data visualisation with open tools",
        "description": "- Build clear charts and dashboards from public data.\n- Choose the right chart for a question.\n"
        "- Explain a chart's limits to a non-specialist audience.",
        "criteria": {"narrative": "A graded portfolio of three dashboards."},
        "creditsAvailable": 4,
    }
    document = open_badge_credential(
        credential_id="urn:uuid:3f0b8f2a-5d6e-4c1b-9a7e-1d2c3b4a5f60",
        issuer={"id": key.did_key, "type": ["Profile"], "name": "Open Data Academy (online)"},
        achievement=achievement,
        valid_from=now,
        awarded_date=now,
        recipient_identifiers=[
            {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": "Huda Suleiman"}
        ],
        name=str(achievement["name"]),
    )
    return json.dumps(sign(document, key, key.did_key_verification_method)).encode()


def load(context: dict[str, Any]) -> None:
    from wisam.pathways import services
    from wisam.pathways.models import Pathway

    if Pathway.objects.filter(code__in=CODES).exists():
        context["pathways"] = {"pathways": Pathway.objects.count(), "note": "already loaded"}
        _prior_learning(context["pathways"])
        return
    organisations = {o.slug: o for o in Organisation.objects.filter(slug__in=["karmil", "zaytoun", "marj-cc"])}
    learners = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@learner.example")}
    needed = {"karmil", "zaytoun", "marj-cc"}
    if set(organisations) != needed or len(learners) < 6 or _latest(_mc("karmil", "AQAC-SELF-1")) is None:
        logger.warning("pathways demo: the institutions, learners or accreditation demo are missing; skipped")
        context["pathways"] = {"pathways": 0, "note": "skipped"}
        return
    karmil, zaytoun, marj = organisations["karmil"], organisations["zaytoun"], organisations["marj-cc"]

    # 1. Rigid (Al-Karmil): three micro-credentials in a fixed sequence towards a professional diploma.
    data1 = _self_accredited(karmil, "PW-DATA-1", "أسس تحليل البيانات", "Data analysis foundations", "0613", 5, "5")
    data2 = _self_accredited(
        karmil, "PW-DATA-2", "تعلّم الآلة في التطبيق", "Machine learning in practice", "0619", 6, "5"
    )
    diploma = _self_accredited(
        karmil,
        "PW-DIPLOMA",
        "الدبلوم المهني في علم البيانات التطبيقي",
        "Professional diploma in applied data science",
        "0613",
        6,
        "15",
    )
    ai = _latest(_mc("karmil", "AQAC-SELF-1"))
    designer = _person(karmil, Role.MC_DESIGNER)
    rigid = services.pathway_create(
        organisation=karmil,
        code="data-diploma",
        title=_t("الدبلوم المهني في علم البيانات التطبيقي", "Professional diploma in applied data science"),
        description=_t(
            "ثلاث شهادات مصغّرة بالتسلسل: أسس تحليل البيانات، ثم تعلّم الآلة، ثم الذكاء الاصطناعي التطبيقي.",
            "Three micro-credentials in sequence: data analysis foundations, then machine learning, then applied AI.",
        ),
        kind="rigid",
        target_kind="micro_credential",
        target_micro_credential=diploma.micro_credential,
        rules={
            "kind": "rigid",
            "target_credits_ects": 15,
            "rules": [
                {
                    "id": "sequence",
                    "type": "required",
                    "items": [_key(data1.micro_credential), _key(data2.micro_credential), _key(ai.micro_credential)],
                },
                {
                    "id": "order",
                    "type": "prerequisite",
                    "item": _key(data2.micro_credential),
                    "requires": [_key(data1.micro_credential)],
                },
                {"id": "total", "type": "min_credits", "credits": 15, "unit": "ECTS"},
                {"id": "recent", "type": "recency", "years": 5},
            ],
        },
        actor=designer,
    )
    rigid = _publish(rigid)
    officer = User.objects.filter(memberships__role=Role.AQAC_OFFICER).order_by("email").first()
    services.pathway_recognition_record(
        version=rigid,
        decided_on=timezone.localdate() - timedelta(days=3),
        reference="AQAC-PW-2026-001",
        note=_t("اعتراف بالمسار كطريق إلى الدبلوم المهني.", "Recognised as a route to the professional diploma."),
        actor=officer,
    )

    # 2. Elective (Al-Zaytoun): credit towards its IT bachelor for two of three groups, from several providers.
    mobile, sahel_ai, cyber = (
        _mc("nour-open", "AQAC-DEMO-1"),
        _mc("sahel-tech", "AQAC-DEMO-2"),
        _mc("ariha-cc", "AQAC-DEMO-1"),
    )
    groups = [
        {"label": _t("البرمجة", "Programming"), "items": [_key(mobile)] if mobile else []},
        {
            "label": _t("الذكاء الاصطناعي", "Artificial intelligence"),
            "items": [_key(m) for m in (sahel_ai, ai.micro_credential) if m],
        },
        {"label": _t("الأمن السيبراني", "Cybersecurity"), "items": [_key(cyber)] if cyber else []},
    ]
    elective = services.pathway_create(
        organisation=zaytoun,
        code="it-bachelor-credit",
        title=_t("ساعات معتمدة نحو بكالوريوس تكنولوجيا المعلومات", "Credit towards the BSc in Information Technology"),
        description=_t(
            "اختر مجالين من ثلاثة؛ تُحتسب 10 ساعات أوروبية في البكالوريوس.",
            "Choose two of three areas; 10 ECTS count towards the bachelor's degree.",
        ),
        kind="elective",
        target_kind="degree_credit",
        target_programme=_t("بكالوريوس تكنولوجيا المعلومات", "BSc in Information Technology"),
        rules={
            "kind": "elective",
            "target_credits_ects": 10,
            "rules": [
                {"id": "areas", "type": "choose", "k": 2, "groups": [g for g in groups if g["items"]]},
                {"id": "total", "type": "min_credits", "credits": 10, "unit": "ECTS"},
                {"id": "level", "type": "min_credits_at_level", "credits": 5, "unit": "ECTS", "eqf_level": 5},
            ],
        },
        actor=_person(zaytoun, Role.MC_DESIGNER),
    )
    elective = _publish(elective)

    # 3. Open (Marj Ibn Amer): any micro-credential in health, welfare or education, at EQF 4 or above.
    open_ = services.pathway_create(
        organisation=marj,
        code="community-services-credit",
        title=_t("ساعات معتمدة نحو دبلوم الخدمات المجتمعية", "Credit towards the Diploma in Community Services"),
        description=_t(
            "أي شهادة مصغّرة في الصحة أو الرعاية أو التعليم بالمستوى الرابع فأعلى؛ 6 ساعات معتمدة فلسطينية على الأقل.",
            "Any micro-credential in health, welfare or education at EQF 4 or above; at least 6 Palestinian credit hours.",
        ),
        kind="open",
        target_kind="degree_credit",
        target_programme=_t("دبلوم الخدمات المجتمعية", "Diploma in Community Services"),
        rules={
            "kind": "open",
            "rules": [
                {
                    "id": "open",
                    "type": "criteria",
                    "min_credits": 6,
                    "unit": "CH",
                    "isced": ["09", "01"],
                    "min_eqf_level": 4,
                    "providers": [],
                },
                {"id": "outside", "type": "max_external_credits", "credits": 5, "unit": "ECTS"},
                {"id": "recent", "type": "recency", "years": 5},
            ],
        },
        actor=_person(marj, Role.MC_DESIGNER),
    )
    open_ = _publish(open_)

    # Learners part way along each, and Mariam all the way.
    huda, khaled, noor = learners["huda"], learners["khaled"], learners["noor"]
    yazan, mariam, sami = learners["yazan"], learners["mariam"], learners["sami"]
    _issue(data1, huda, "88")
    services.pathway_follow(pathway=rigid.pathway, learner=huda)
    if mobile is not None:
        _issue(_latest(mobile), khaled, "80")
    services.pathway_follow(pathway=elective.pathway, learner=khaled)
    home_care = _latest(_mc("marj-cc", "AQAC-DEMO-2"))
    if home_care is not None:
        _issue(home_care, noor)
    services.pathway_follow(pathway=open_.pathway, learner=noor)
    for version in (data1, data2, ai):
        _issue(version, mariam, "91")
    services.pathway_follow(pathway=rigid.pathway, learner=mariam)
    registrar = _person(karmil, Role.REGISTRAR)
    award = None
    try:
        award = services.stacked_award_issue(version=rigid, learner=mariam, actor=registrar, notify=False)
    except services.AwardRefused as refused:
        logger.warning("pathways demo: no stacked credential: %s", refused.messages)

    # Recognition requests to Al-Karmil, in every state.
    recognition = _person(karmil, Role.RECOGNITION_OFFICER)
    approver = _person(karmil, Role.INSTITUTIONAL_APPROVER)
    states: dict[str, int] = {}
    external = services.external_credential_upload(learner=huda, data=_external_document(huda))
    services.external_credential_declare(credential=external, actor=huda, eqf_level=5, isced_code="0613")

    def ask(learner: User, credentials: list[Any], *, uploads: list[Any] | None = None, message: str = "") -> Any:
        issued = [c for c in credentials if c is not None]
        return services.recognition_request_create(
            learner=learner,
            organisation=karmil,
            pathway_version=rigid,
            issued=issued,
            external=uploads or [],
            message=message,
            actor=learner,
        )

    yazan_cred = next(iter(yazan.credentials.filter(state="active")), None)
    if yazan_cred is not None:
        states["submitted"] = ask(yazan, [yazan_cred], message="أرجو احتساب هذه الشهادة. Please count this one.").pk
    request = ask(huda, [], uploads=[external], message="Data visualisation from an online academy.")
    states["under_review"] = services.recognition_request_take(request=request, actor=recognition).pk
    ai_other = _issue(_latest(sahel_ai), noor) if sahel_ai is not None else None
    if ai_other is not None:
        request = services.recognition_request_take(request=ask(noor, [ai_other]), actor=recognition)
        states["full"] = services.recognition_request_decide(
            request=request,
            outcome="full",
            recognised_as=ai.micro_credential,
            actor=recognition,
            justification=_t("النواتج والمستوى والعبء مماثلة.", "Same outcomes, level and workload."),
        ).pk
    khaled_cred = khaled.credentials.filter(state="active").first()
    if khaled_cred is not None:
        request = services.recognition_request_take(request=ask(khaled, [khaled_cred]), actor=recognition)
        states["partial"] = services.recognition_request_decide(
            request=request,
            outcome="partial",
            credits_granted="2.5",
            recognised_as=data1.micro_credential,
            differences=["outcomes"],
            actor=recognition,
            justification=_t(
                "تغطي الشهادة نصف نواتج أسس تحليل البيانات فقط (لا تشمل الإحصاء الوصفي).",
                "The credential covers only half the outcomes of Data analysis foundations (no descriptive statistics).",
            ),
        ).pk
    first_aid = _latest(_mc("bahr-college", "AQAC-DEMO-1"))
    sami_cred = _issue(first_aid, sami) if first_aid is not None else None
    if sami_cred is not None:
        request = services.recognition_request_take(request=ask(sami, [sami_cred]), actor=recognition)
        states["refused"] = services.recognition_request_decide(
            request=request,
            outcome="refused",
            differences=["outcomes", "level"],
            actor=recognition,
            justification=_t(
                "الإسعافات الأولية لا تغطي أيًّا من نواتج المسار، ومستواها الرابع أدنى من المطلوب.",
                "First aid covers none of the pathway's outcomes, and its level (EQF 4) is below what is required.",
            ),
        ).pk
    if yazan_cred is not None:
        request = services.recognition_request_take(request=ask(yazan, [yazan_cred]), actor=recognition)
        request = services.recognition_request_decide(
            request=request,
            outcome="refused",
            differences=["outcomes"],
            actor=recognition,
            justification=_t("نواتج التعلم مختلفة جوهريًا.", "The learning outcomes differ substantially."),
        )
        states["appealed"] = services.recognition_request_appeal(
            request=request,
            reasons="يتضمن المقرر تحليل بيانات أداء الأنظمة. The course includes analysing system performance data.",
            actor=yazan,
        ).pk
    _ = approver
    context["pathways"] = {
        "pathways": [rigid.pathway_id, elective.pathway_id, open_.pathway_id],
        "stacked_award": award.pk if award else None,
        "requests": states,
        "today": date.today().isoformat(),
    }
    _prior_learning(context["pathways"])


def _prior_learning(summary: dict[str, Any]) -> None:
    """Huda asks Al-Karmil to recognise a year of work-based learning in applied AI towards the data diploma; the
    officer grants 3 of its 5 ECTS (partial), which count in her progress. Added once (also to an older demo)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from wisam.pathways import services
    from wisam.pathways.models import Pathway, RecognitionRequest, RequestKind

    if RecognitionRequest.objects.filter(kind=RequestKind.PRIOR_LEARNING).exists():
        return
    pathway = Pathway.objects.filter(organisation__slug="karmil", code="data-diploma").first()
    version = pathway.published_version if pathway is not None else None
    huda = User.objects.filter(email="huda@learner.example").first()
    ai = _mc("karmil", "AQAC-SELF-1")
    if version is None or huda is None or ai is None:
        logger.warning("pathways demo: no prior-learning request (pathway, learner or micro-credential missing)")
        return
    karmil = version.organisation
    recognition = _person(karmil, Role.RECOGNITION_OFFICER)
    today = timezone.localdate()
    letter = SimpleUploadedFile(
        "employer-letter.pdf",
        b"%PDF-1.4\n% Wisam demo: a letter from Huda's employer describing her work on a chatbot for customers.\n",
    )
    request = services.recognition_request_create(
        learner=huda,
        organisation=karmil,
        pathway_version=version,
        kind=RequestKind.PRIOR_LEARNING,
        description=_t(
            "عملت سنة في فريق بنى روبوت محادثة لخدمة العملاء في شركة اتصالات: نظّفت البيانات، ودرّبت نموذج تصنيف "
            "للنيّات، وقيّمت دقّته مع المشرف.",
            "For a year I worked in a team building a customer-service chatbot at a telecoms company: I cleaned the "
            "data, trained an intent-classification model and evaluated its accuracy with my supervisor.",
        ),
        started_on=today - timedelta(days=730),
        ended_on=today - timedelta(days=365),
        claimed=[ai],
        evidence=[letter],
        message="Work-based learning; my supervisor can confirm it.",
        actor=huda,
    )
    request = services.recognition_request_take(request=request, actor=recognition)
    request = services.recognition_request_decide(
        request=request,
        outcome="partial",
        credits_granted="3",
        recognised_as=ai,
        differences=["outcomes", "assessment"],
        justification=_t(
            "يغطي العمل نواتج التطبيق العملي، لكن لا دليل على نواتج أخلاقيات الذكاء الاصطناعي، ولم يُقيَّم رسميًا.",
            "The work covers the practical outcomes, but there is no evidence for the AI ethics outcomes and it was "
            "not formally assessed.",
        ),
        actor=recognition,
    )
    summary.setdefault("requests", {})["prior_learning_partial"] = request.pk
