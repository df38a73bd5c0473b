"""Who counts as an interviewer, from a signed-in user's claims (ui.identity.identity_of)."""

from __future__ import annotations

import pytest

from ui.identity import identity_of, learner_id

ISS = "https://id.example.org"
EMAILS = {"carol@example.com"}
ACCOUNTS = {f"{ISS}#entra-7f3a"}


def claims(sub: str = "carol-sub", email: str | None = "Carol@Example.com", verified: object = True) -> dict:
    out = {"is_logged_in": True, "iss": ISS, "sub": sub, "email": email}
    if verified is not None:
        out["email_verified"] = verified
    return out


@pytest.mark.parametrize("verified", [True, "true", "True"])
def test_a_listed_verified_email_is_an_interviewer(verified):
    who = identity_of(claims(verified=verified), EMAILS, ACCOUNTS)
    assert who.interviewer and who.email_verified and who.signed_in
    assert who.learner == learner_id(ISS, "carol-sub") and who.account == f"{ISS}#carol-sub"


@pytest.mark.parametrize("verified", [False, "false", None, 1, "yes"])
def test_an_unverified_email_is_not_an_interviewer_even_when_listed(verified):
    # a provider where users type their own address: anyone could claim carol's
    who = identity_of(claims(sub="mallory-sub", verified=verified), EMAILS, ACCOUNTS)
    assert not who.interviewer and not who.email_verified
    assert who.learner == learner_id(ISS, "mallory-sub")  # and their data stays their own


def test_an_account_on_the_list_is_an_interviewer_without_any_email():
    assert identity_of(claims(sub="entra-7f3a", email=None, verified=None), EMAILS, ACCOUNTS).interviewer
    # the same subject from another issuer is another account
    other = claims(sub="entra-7f3a", email=None, verified=None) | {"iss": "https://other.example"}
    assert not identity_of(other, EMAILS, ACCOUNTS).interviewer


def test_nobody_unlisted_is_an_interviewer():
    assert not identity_of(claims(sub="dave", email="dave@example.com"), EMAILS, ACCOUNTS).interviewer
    assert not identity_of(claims(sub="", email=None, verified=None), EMAILS, {f"{ISS}#"}).interviewer
