"""Errors of the service's doors (authentication, requests). Part of the one error tree:
each has a code, an exit code, an HTTP status and a French and English text."""

from __future__ import annotations

from egide.errors import EgideError
from egide.i18n import N_


class AuthError(EgideError):
    code = "E-AUTH"
    exit_code = 4
    http_status = 401
    what = N_("Authentification refusée : {detail}")
    fix = N_(
        "présentez votre certificat, ouvrez une session (identifiant et mot de passe) ou "
        "fournissez un jeton valide"
    )


class LockedError(EgideError):
    code = "E-AUTH-LOCKED"
    exit_code = 4
    http_status = 429
    what = N_("Compte verrouillé jusqu'à {until}")
    fix = N_("trop d'échecs de mot de passe : attendez ou demandez à un administrateur")


class CSRFError(EgideError):
    code = "E-CSRF"
    exit_code = 4
    http_status = 403
    what = N_("Requête refusée : jeton anti-rejeu absent ou faux")
    fix = N_("renvoyez l'en-tête X-CSRF-Token reçu à l'ouverture de session")


class TerminalError(EgideError):
    code = "E-TERMINAL"
    exit_code = 4
    http_status = 403
    what = N_("Poste non reconnu : {detail}")
    fix = N_(
        "ce réseau ou ce certificat n'est rattaché à aucun poste accrédité (service.terminals) "
        ": voyez l'administrateur"
    )


class ScopeError(EgideError):
    code = "E-TOKEN-SCOPE"
    exit_code = 4
    http_status = 403
    what = N_("Jeton insuffisant : {detail}")
    fix = N_("créez un jeton avec la portée nécessaire (egide token create --scope write)")


class PayloadTooLargeError(EgideError):
    code = "E-TOO-LARGE"
    exit_code = 2
    http_status = 413
    what = N_("Requête trop volumineuse (limite {limit} Mo)")
    fix = N_(
        "envoyez moins de fichiers à la fois ou demandez à l'administrateur de relever "
        "service.max_upload_mb"
    )


class SlowBodyError(EgideError):
    code = "E-SLOW-BODY"
    exit_code = 2
    http_status = 408
    what = N_("Corps de requête trop lent ou incomplet (délai {limit} s)")
    fix = N_("renvoyez la requête")


class BadRequestError(EgideError):
    code = "E-REQUEST"
    exit_code = 2
    http_status = 422
    what = N_("Requête invalide : {detail}")
    fix = N_("corrigez les paramètres (voir /api/v1/openapi.json)")


class NotFoundError(EgideError):
    code = "E-NOT-FOUND"
    exit_code = 2
    http_status = 404
    what = N_("Introuvable : {detail}")
    fix = N_("vérifiez l'identifiant (seul ce que vous pouvez lire existe pour vous)")


class ServiceUnreachableError(EgideError):
    code = "E-SERVICE"
    exit_code = 5
    http_status = 502
    what = N_("Service Égide injoignable : {detail}")
    fix = N_(
        "vérifiez EGIDE_URL (--url), votre certificat (client.cert, client.key) et l'autorité "
        "du service (client.ca)"
    )


class ServiceOnlyError(EgideError):
    code = "E-LOCAL-ONLY"
    exit_code = 2
    http_status = 400
    what = N_("« {command} » ne passe pas par le service")
    fix = N_("lancez-la sur l'hôte du service, sous le compte du service, sans EGIDE_URL")
