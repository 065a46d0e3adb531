"""Errors of the service's doors (authentication, requests). Part of the one error tree:
each has a code, an exit code, an HTTP status and a French and English text."""

from __future__ import annotations

from egide.errors import EgideError


class AuthError(EgideError):
    code = "E-AUTH"
    exit_code = 4
    http_status = 401
    what = ("Authentification refusée : {detail}", "Authentication refused: {detail}")
    fix = (
        "présentez votre certificat, ouvrez une session (identifiant et mot de passe) ou "
        "fournissez un jeton valide",
        "present your certificate, log in (user and password) or give a valid token",
    )


class LockedError(EgideError):
    code = "E-AUTH-LOCKED"
    exit_code = 4
    http_status = 429
    what = ("Compte verrouillé jusqu'à {until}", "Account locked until {until}")
    fix = (
        "trop d'échecs de mot de passe : attendez ou demandez à un administrateur",
        "too many failed passwords: wait or ask an administrator",
    )


class CSRFError(EgideError):
    code = "E-CSRF"
    exit_code = 4
    http_status = 403
    what = ("Requête refusée : jeton anti-rejeu absent ou faux", "Request refused: bad CSRF token")
    fix = (
        "renvoyez l'en-tête X-CSRF-Token reçu à l'ouverture de session",
        "send the X-CSRF-Token header received at login",
    )


class TerminalError(EgideError):
    code = "E-TERMINAL"
    exit_code = 4
    http_status = 403
    what = ("Poste non reconnu : {detail}", "Unknown terminal: {detail}")
    fix = (
        "ce réseau ou ce certificat n'est rattaché à aucun poste accrédité "
        "(service.terminals) : voyez l'administrateur",
        "this network or certificate maps to no accredited terminal (service.terminals): "
        "see the administrator",
    )


class ScopeError(EgideError):
    code = "E-TOKEN-SCOPE"
    exit_code = 4
    http_status = 403
    what = ("Jeton insuffisant : {detail}", "Token not sufficient: {detail}")
    fix = (
        "créez un jeton avec la portée nécessaire (egide token create --scope write)",
        "create a token with the needed scope (egide token create --scope write)",
    )


class PayloadTooLargeError(EgideError):
    code = "E-TOO-LARGE"
    exit_code = 2
    http_status = 413
    what = ("Requête trop volumineuse (limite {limit} Mo)", "Request too large (limit {limit} MB)")
    fix = (
        "envoyez moins de fichiers à la fois ou demandez à l'administrateur de relever "
        "service.max_upload_mb",
        "send fewer files at a time or ask the administrator to raise service.max_upload_mb",
    )


class SlowBodyError(EgideError):
    code = "E-SLOW-BODY"
    exit_code = 2
    http_status = 408
    what = (
        "Corps de requête trop lent ou incomplet (délai {limit} s)",
        "Request body too slow or incomplete (timeout {limit} s)",
    )
    fix = ("renvoyez la requête", "send the request again")


class BadRequestError(EgideError):
    code = "E-REQUEST"
    exit_code = 2
    http_status = 422
    what = ("Requête invalide : {detail}", "Invalid request: {detail}")
    fix = (
        "corrigez les paramètres (voir /api/v1/openapi.json)",
        "fix the parameters (see /api/v1/openapi.json)",
    )


class NotFoundError(EgideError):
    code = "E-NOT-FOUND"
    exit_code = 2
    http_status = 404
    what = ("Introuvable : {detail}", "Not found: {detail}")
    fix = (
        "vérifiez l'identifiant (seul ce que vous pouvez lire existe pour vous)",
        "check the identifier (only what you may read exists for you)",
    )


class ServiceUnreachableError(EgideError):
    code = "E-SERVICE"
    exit_code = 5
    http_status = 502
    what = ("Service Égide injoignable : {detail}", "Égide service unreachable: {detail}")
    fix = (
        "vérifiez EGIDE_URL (--url), votre certificat (client.cert, client.key) et l'autorité "
        "du service (client.ca)",
        "check EGIDE_URL (--url), your certificate (client.cert, client.key) and the "
        "service's CA (client.ca)",
    )


class ServiceOnlyError(EgideError):
    code = "E-LOCAL-ONLY"
    exit_code = 2
    http_status = 400
    what = (
        "« {command} » ne passe pas par le service",
        "'{command}' does not go through the service",
    )
    fix = (
        "lancez-la sur l'hôte du service, sous le compte du service, sans EGIDE_URL",
        "run it on the service host, as the service account, without EGIDE_URL",
    )
