"""Every decision of the access policy (app/access.py) is tried in an access matrix: a row of
test_people's matrix (actor x request → status), or a test that runs each role through it."""

from __future__ import annotations

import importlib
import inspect

from app import access

PEOPLE = "test_people"
GROWTH = "test_growth"
PRIVACY = "test_coaching_privacy"
CV = "test_cv"  # a recruiter with a link and without an account
REPORT_POLISH = "test_report_polish"  # the reader of a printed report, without an account
PRINTED_VIDEO = "test_a_printed_videos_qr_link_plays_without_login_until_revoked_or_expired"
INTERNSHIPS = "test_internships"
CASELOAD = "test_caseload"
FACES = "test_faces_blurred"
NOT_SERVED_TO_OTHERS = "test_no_copy_anyone_but_the_owner_is_served_shows_a_detected_face"
WORKPLACE = "test_workplace"  # a supervisor with a workplace link
REACH = "test_the_link_session_reaches_the_pupil_only_and_nothing_that_needs_an_account"

CREDENTIALS = "test_credentials_issuing"
OTHERS_CANNOT_ISSUE = "test_others_cannot_issue_for_someones_dossier_nor_see_their_credentials"

#: Each public name of app/access.py → where a matrix tries it (module, row or test).
TRIED_IN = {
    "Access.has": (PEOPLE, "add a note"),
    "Access.role": (PEOPLE, "confirm a report"),
    "Access.sees_dossier": (PEOPLE, "timeline"),
    "Access.takes_part": (PEOPLE, "messages"),
    "Access.coaches": (GROWTH, "test_coaching_notes_stay_invisible_in_every_other_role"),
    "active_grants": (PEOPLE, "read evidence"),
    "active_grant": (PEOPLE, "read evidence"),
    "both_members": (PEOPLE, "read evidence"),  # the "ended" actor
    "participating_grants": (PEOPLE, "participants"),
    "granted_dossier_ids": (PEOPLE, "read a framework"),
    "supported_dossiers": (CASELOAD, "test_the_caseload_counts_only_what_the_supporter_may_see"),
    "supported_owners": (CASELOAD, "test_the_caseload_counts_only_what_the_supporter_may_see"),
    "visible_evidence_of_grants": (
        CASELOAD,
        "test_the_caseload_counts_only_what_the_supporter_may_see",
    ),
    "reports_to_sign": (CASELOAD, "test_reports_sent_for_signature_wait_for_those_who_sign"),
    "access_to": (PEOPLE, "timeline"),
    "awaits_owner": (PEOPLE, "test_access_matrix_of_evidence_added_on_behalf"),
    "shared_with_others": (PEOPLE, "test_access_matrix_of_evidence_added_on_behalf"),
    "shared_condition": (PEOPLE, "test_access_matrix_of_evidence_added_on_behalf"),
    "visible_evidence_condition": (PEOPLE, "timeline"),
    "is_coaching": (PRIVACY, "test_a_coach_reflection_is_read_by_the_owner_and_the_coach_only"),
    "for_everyone": (PRIVACY, "test_a_coach_reflection_is_read_by_the_owner_and_the_coach_only"),
    "may_read": (PEOPLE, "read a reflection"),
    "team_reflections_condition": (PRIVACY, "test_reports_hold_no_coach_text_not_even_the_owners"),
    "readable_reflections_condition": (PEOPLE, "reflections"),
    "readable_messages_condition": (
        PRIVACY,
        "test_a_coachs_messages_are_coaching_and_stay_between_coach_and_owner",
    ),
    "coaching_readers": (
        PRIVACY,
        "test_live_events_and_notifications_of_coaching_reach_owner_and_coach_only",
    ),
    "may_rate": (GROWTH, "test_a_coach_rates_only_when_the_owner_asked"),
    "readable_reflection": (PEOPLE, "read a reflection"),
    "authored_reflection": (PEOPLE, "change a reflection"),
    "owned_reflection": (PEOPLE, "share a reflection"),
    "readable_coaching_notes_condition": (
        GROWTH,
        "test_coaching_notes_stay_invisible_in_every_other_role",
    ),
    "require_coach": (GROWTH, "test_coaching_notes_stay_invisible_in_every_other_role"),
    "own_coaching_note": (GROWTH, "test_coaching_notes_stay_invisible_in_every_other_role"),
    "removable_coaching_note": (GROWTH, "test_coaching_notes_stay_invisible_in_every_other_role"),
    "may_compose": (PEOPLE, "write a report"),
    "may_sign": (PEOPLE, "confirm a report"),
    "report_signers": (
        "test_report_loop",
        "test_the_supervisor_without_an_account_is_sent_a_fresh_link_to_the_report",
    ),
    "supported_internships_condition": ("test_caseload", "test_search_filters_and_pages"),
    "own_dossier_reachable": (
        WORKPLACE,
        "test_a_link_session_starts_no_upload_outside_the_pupils_dossier",
    ),
    "reachable_grants": (
        "test_report_loop",
        "test_the_supervisor_without_an_account_is_sent_a_fresh_link_to_the_report",
    ),
    "signs_report": (
        "test_report_loop",
        "test_the_report_of_an_internship_is_signed_by_its_own_supervisor",
    ),
    "require_verified": (
        "test_account_lifecycle",
        "test_an_unverified_account_cannot_join_anyone_else",
    ),
    "require_verified_person": (
        "test_account_lifecycle",
        "test_an_unverified_account_cannot_join_anyone_else",
    ),
    "viewable_dossier": (PEOPLE, "timeline"),
    "composable_dossier": (PEOPLE, "write a report"),
    "viewable_report": (PEOPLE, "read a report"),
    "composable_report": (PEOPLE, "change a report"),
    "owned_dossier": (PEOPLE, "grants"),
    "contributable_dossier": (PEOPLE, "add a note"),
    "conversation_dossier": (PEOPLE, "write a message"),
    "viewable_evidence": (PEOPLE, "read evidence"),
    "editable_evidence": (PEOPLE, "edit evidence"),
    "removable_evidence": (PEOPLE, "remove evidence"),
    "reflectable_evidence": (PEOPLE, "reflect"),
    "can_edit_evidence": (PEOPLE, "edit evidence"),
    "can_view_original": (PEOPLE, "original"),
    "viewable_asset": (PEOPLE, "thumbnail"),
    "shows_blurred_faces": (
        FACES,
        "test_no_copy_anyone_but_the_owner_is_served_shows_a_detected_face",
    ),
    "sees_sharp_copies": (
        FACES,
        "test_no_copy_anyone_but_the_owner_is_served_shows_a_detected_face",
    ),
    "face_of_owned_evidence": (FACES, "test_faces_are_the_owners_alone_to_see_and_change"),
    "owned_evidence": (FACES, "test_faces_are_the_owners_alone_to_see_and_change"),
    "faces_stay_blurred": (FACES, "test_a_school_keeps_faces_blurred_for_its_pupils_under_16"),
    "owned_goal": (GROWTH, "test_the_plan_and_the_log_are_the_owners_alone"),
    "owned_activity": (GROWTH, "test_the_plan_and_the_log_are_the_owners_alone"),
    "owned_grant": (PEOPLE, "change a grant"),
    "owned_share_link": (PEOPLE, "revoke a CV link"),
    "live_share_link": (
        CV,
        "test_a_recruiter_sees_only_what_was_chosen_and_revocation_is_immediate",
    ),
    "public_cv_asset": (
        CV,
        "test_a_recruiter_sees_only_what_was_chosen_and_revocation_is_immediate",
    ),
    "owned_video_link": (REPORT_POLISH, PRINTED_VIDEO),
    "live_video_link": (REPORT_POLISH, PRINTED_VIDEO),
    "own_data_job": (PEOPLE, "an export's progress"),
    "own_upload": (PEOPLE, "continue an upload"),
    "own_access_token": (PEOPLE, "revoke a token"),
    "active_membership": (PEOPLE, "members of the school"),
    "member_organisation": (PEOPLE, "members of the school"),
    "require_administrator": (PEOPLE, "ask someone to join"),
    "offered_membership": (PEOPLE, "accept a membership"),
    "endable_membership": (PEOPLE, "end a membership"),
    "proposing_schools": (INTERNSHIPS, "test_each_sees_the_internships_they_may"),
    "proposing_schools_of_supported": (INTERNSHIPS, "test_each_sees_the_internships_they_may"),
    "proposing_school": (INTERNSHIPS, "propose an internship"),
    "visible_internships_condition": (INTERNSHIPS, "test_each_sees_the_internships_they_may"),
    "viewable_internship": (INTERNSHIPS, "read an internship"),
    "may_decide_internship": (INTERNSHIPS, "approve an internship"),
    "decidable_internship": (INTERNSHIPS, "decline an internship"),
    "may_end_internship": (INTERNSHIPS, "end an approved internship"),
    "endable_internship": (INTERNSHIPS, "withdraw a proposal"),
    "consentable_school": (
        INTERNSHIPS,
        "test_a_standing_consent_goes_only_to_a_school_of_ones_own",
    ),
    "visible_frameworks_condition": (PEOPLE, "read a framework"),
    "may_change_framework": (PEOPLE, "change a framework"),
    "public_frameworks_condition": (
        "test_case_interop",
        "test_private_learning_lines_never_show_in_the_case_api",
    ),
    "require_framework_maker": (PEOPLE, "change a framework"),
    "token_allows": ("test_tokens", "test_a_read_token_reads_but_changes_nothing"),
    "may_mint_tokens": (
        "test_tokens",
        "test_a_full_token_mints_children_that_die_when_it_is_revoked",
    ),
    "current_access": (PEOPLE, "test_a_live_stream_ends_when_the_grant_is_revoked"),
    "evidence_audience": (
        PEOPLE,
        "test_a_listener_hears_that_an_item_they_saw_was_hidden_and_nobody_else_does",
    ),
    "event_visible": (PEOPLE, "test_a_live_stream_carries_only_what_the_listener_may_see"),
    "public_payload": (PEOPLE, "test_a_live_stream_carries_only_what_the_listener_may_see"),
    # A workplace supervisor in through a link, with or without an account
    "link_session_allows": (WORKPLACE, REACH),
    "request_link": (WORKPLACE, REACH),
    "visible_notifications_condition": (WORKPLACE, REACH),
    "link_grant": (WORKPLACE, "test_a_link_gives_nothing_after_revocation_or_expiry"),
    "link_alive": (WORKPLACE, "test_a_link_gives_nothing_after_revocation_or_expiry"),
    "live_workplace_link": (WORKPLACE, "test_a_link_gives_nothing_after_revocation_or_expiry"),
    "issuable_report": (CREDENTIALS, OTHERS_CANNOT_ISSUE),
    "issuable_level": (CREDENTIALS, OTHERS_CANNOT_ISSUE),
    "owned_credential": (CREDENTIALS, OTHERS_CANNOT_ISSUE),
    "public_credential": (CREDENTIALS, "test_the_cv_shows_only_the_credentials_its_owner_chose"),
    "may_revoke": (CREDENTIALS, "test_the_signer_revokes_and_the_status_list_and_check_say_so"),
    "revocable_credential": (
        CREDENTIALS,
        "test_the_signer_revokes_and_the_status_list_and_check_say_so",
    ),
    "revocable_credentials": (
        CREDENTIALS,
        "test_a_credential_administrator_revokes_any_credential",
    ),
    "acts_for_issuer": (CREDENTIALS, "test_a_credential_administrator_revokes_any_credential"),
}


def _policy_names() -> set[str]:
    names = {
        name
        for name, value in vars(access).items()
        if inspect.isfunction(value)
        and value.__module__ == access.__name__
        and not name.startswith("_")
    }
    names |= {f"Access.{name}" for name in vars(access.Access) if not name.startswith("_")}
    return names - {"Access.owner", "Access.grant"}  # the dataclass's fields


def _tried(module_name: str, row: str) -> bool:
    module = importlib.import_module(f"tests.{module_name}")
    rows = [m[0] for m in module._matrix()] if hasattr(module, "_matrix") else []
    return row in rows or (row.startswith("test_") and callable(getattr(module, row, None)))


def test_every_decision_of_the_policy_is_tried_in_a_matrix():
    assert sorted(_policy_names() - set(TRIED_IN)) == [], "decisions no matrix tries"
    assert sorted(set(TRIED_IN) - _policy_names()) == [], "rows for decisions that are gone"
    missing = {name: where for name, where in TRIED_IN.items() if not _tried(*where)}
    assert missing == {}
